package dev.kiln.core.io.csv;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import org.apache.beam.sdk.transforms.Combine;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How many data rows a CSV read saw and rejected, and the first rejection (smallest file name,
 * then line), for one file or summed over all files of a read. Immutable.
 */
public final class CsvReadCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long rows;
  private final long rejected;
  private final @Nullable String firstFile;
  private final long firstLine;
  private final @Nullable String firstReason;

  private CsvReadCounts(long rows, long rejected, @Nullable String firstFile, long firstLine, @Nullable String firstReason) {
    this.rows = rows;
    this.rejected = rejected;
    this.firstFile = firstFile;
    this.firstLine = firstLine;
    this.firstReason = firstReason;
  }

  /** No rows. */
  public static CsvReadCounts empty() {
    return new CsvReadCounts(0, 0, null, 0, null);
  }

  /** Counts of a file without rejected rows. */
  public static CsvReadCounts of(long rows) {
    return new CsvReadCounts(rows, 0, null, 0, null);
  }

  /** Counts with at least one rejected row, the first at {@code file} line {@code line}. */
  public static CsvReadCounts of(long rows, long rejected, String file, long line, String reason) {
    if (rejected < 1) {
      throw new IllegalArgumentException("a first rejection needs rejected >= 1");
    }
    return new CsvReadCounts(rows, rejected, Objects.requireNonNull(file), line, Objects.requireNonNull(reason));
  }

  /** All data rows read, rejected ones included. */
  public long rows() {
    return rows;
  }

  public long rejected() {
    return rejected;
  }

  /** The share of rejected rows, 0 when there are no rows. */
  public double rejectedShare() {
    return rows == 0 ? 0.0 : (double) rejected / rows;
  }

  /** The file of the first rejected row. */
  public Optional<String> firstRejectedFile() {
    return Optional.ofNullable(firstFile);
  }

  /** The line of the first rejected row, 0 when none. */
  public long firstRejectedLine() {
    return firstLine;
  }

  /** Why the first rejected row was rejected. */
  public Optional<String> firstRejectedReason() {
    return Optional.ofNullable(firstReason);
  }

  /** These counts plus {@code other}'s; the first rejection is the earlier of the two. */
  public CsvReadCounts plus(CsvReadCounts other) {
    CsvReadCounts first = this;
    if (other.firstFile != null
        && (firstFile == null
            || other.firstFile.compareTo(firstFile) < 0
            || (other.firstFile.equals(firstFile) && other.firstLine < firstLine))) {
      first = other;
    }
    return new CsvReadCounts(
        rows + other.rows, rejected + other.rejected, first.firstFile, first.firstLine, first.firstReason);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CsvReadCounts)) {
      return false;
    }
    CsvReadCounts c = (CsvReadCounts) o;
    return rows == c.rows && rejected == c.rejected && firstLine == c.firstLine
        && Objects.equals(firstFile, c.firstFile) && Objects.equals(firstReason, c.firstReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rows, rejected, firstFile, firstLine, firstReason);
  }

  @Override
  public String toString() {
    return rejected + " of " + rows + " rows rejected"
        + (firstFile == null ? "" : "; first: " + firstFile + " line " + firstLine + ": " + firstReason);
  }

  /** Sums counts, e.g. those of every file of a read. */
  static final class Sum extends Combine.BinaryCombineFn<CsvReadCounts> {
    @Override
    public CsvReadCounts apply(CsvReadCounts left, CsvReadCounts right) {
      return left.plus(right);
    }

    @Override
    public CsvReadCounts identity() {
      return empty();
    }
  }
}
