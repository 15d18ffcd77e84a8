package dev.kiln.core.io;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.transforms.Combine;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How many records a source read saw and rejected, and the first rejection (smallest file name, then
 * record position), for one file or summed over the files of a read. Immutable. Used by the CSV,
 * JSON and Parquet sources.
 */
public final class ReadCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long rows;
  private final long rejected;
  private final @Nullable String firstFile;
  private final long firstLine;
  private final @Nullable String firstReason;

  private ReadCounts(long rows, long rejected, @Nullable String firstFile, long firstLine, @Nullable String firstReason) {
    this.rows = rows;
    this.rejected = rejected;
    this.firstFile = firstFile;
    this.firstLine = firstLine;
    this.firstReason = firstReason;
  }

  public static ReadCounts of(long rows) {
    return new ReadCounts(rows, 0, null, 0, null);
  }

  /** Counts with at least one rejected record, the first at {@code file} line (or record) {@code line}. */
  public static ReadCounts of(long rows, long rejected, String file, long line, String reason) {
    if (rejected < 1) {
      throw new IllegalArgumentException("a first rejection needs rejected >= 1");
    }
    return new ReadCounts(rows, rejected, Objects.requireNonNull(file), line, Objects.requireNonNull(reason));
  }

  public long rows() {
    return rows;
  }

  public long rejected() {
    return rejected;
  }

  public double rejectedShare() {
    return rows == 0 ? 0.0 : (double) rejected / rows;
  }

  public @Nullable String firstFile() {
    return firstFile;
  }

  public long firstLine() {
    return firstLine;
  }

  public @Nullable String firstReason() {
    return firstReason;
  }

  public ReadCounts plus(ReadCounts o) {
    boolean mine = firstFile != null
        && (o.firstFile == null || firstFile.compareTo(o.firstFile) < 0
            || (firstFile.equals(o.firstFile) && firstLine <= o.firstLine));
    ReadCounts first = mine ? this : o;
    return new ReadCounts(rows + o.rows, rejected + o.rejected, first.firstFile, first.firstLine, first.firstReason);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadCounts c && rows == c.rows && rejected == c.rejected && firstLine == c.firstLine
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

  /** Sums counts (a global combine of one element per file). */
  public static final class Sum extends Combine.BinaryCombineFn<ReadCounts> {
    private static final long serialVersionUID = 1L;

    @Override
    public ReadCounts apply(ReadCounts left, ReadCounts right) {
      return left.plus(right);
    }

    @Override
    public ReadCounts identity() {
      return ReadCounts.of(0);
    }
  }
}
