package dev.kiln.core.io.csv;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How to read CSV files. Immutable; every {@code withX(...)} returns a changed copy.
 *
 * <p>Defaults: delimiter {@code ,}, quote {@code "}, a header row (always present), only the
 * empty field is missing, the schema is inferred from a sample of {@value #DEFAULT_SAMPLE_ROWS}
 * rows, and <b>no</b> rejected rows are tolerated ({@code maxRejectedShare} 0.0). The strict
 * default is deliberate: a reproducible pipeline should not silently drop rows; a user who
 * accepts some loss says so with {@link #withMaxRejectedShare(double)} and still gets every
 * rejected row in the rejected output.
 *
 * <p>Field semantics: an empty field (quoted or not) and any of the {@link #nullTokens()} is a
 * missing value; a missing value in a required column rejects the row. Blank lines are skipped,
 * except in a one-column file, where they are missing values.
 */
public final class CsvOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default number of data rows read for schema inference. */
  public static final int DEFAULT_SAMPLE_ROWS = 10_000;

  private final char delimiter;
  private final char quote;
  private final List<String> nullTokens;
  private final @Nullable Schema schema;
  private final double maxRejectedShare;
  private final int sampleRows;

  private CsvOptions(
      char delimiter,
      char quote,
      List<String> nullTokens,
      @Nullable Schema schema,
      double maxRejectedShare,
      int sampleRows) {
    if (delimiter == quote) {
      throw new IllegalArgumentException("CSV delimiter and quote must differ, both are '" + quote + "'");
    }
    for (char c : new char[] {delimiter, quote}) {
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException("CSV delimiter and quote must not be a line break");
      }
    }
    if (!(maxRejectedShare >= 0.0 && maxRejectedShare <= 1.0)) {
      throw new IllegalArgumentException("maxRejectedShare must be within [0, 1], got " + maxRejectedShare);
    }
    if (sampleRows < 1) {
      throw new IllegalArgumentException("the inference sample must have at least 1 row, got " + sampleRows);
    }
    if (schema != null) {
      for (Schema.Field f : schema.getFields()) {
        try {
          CsvColumnType.of(f.getType());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("declared CSV column '" + f.getName() + "': " + e.getMessage(), e);
        }
      }
    }
    this.delimiter = delimiter;
    this.quote = quote;
    this.nullTokens = List.copyOf(nullTokens);
    this.schema = schema;
    this.maxRejectedShare = maxRejectedShare;
    this.sampleRows = sampleRows;
  }

  /** The defaults described above. */
  public static CsvOptions defaults() {
    return new CsvOptions(',', '"', List.of(), null, 0.0, DEFAULT_SAMPLE_ROWS);
  }

  public CsvOptions withDelimiter(char delimiter) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows);
  }

  public CsvOptions withQuote(char quote) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows);
  }

  /** Field values, besides the empty field, that mean "missing" (e.g. {@code NA}, {@code null}). */
  public CsvOptions withNullTokens(String... tokens) {
    LinkedHashSet<String> set = new LinkedHashSet<>();
    for (String t : tokens) {
      set.add(Objects.requireNonNull(t, "null token"));
    }
    return new CsvOptions(delimiter, quote, List.copyOf(set), schema, maxRejectedShare, sampleRows);
  }

  /**
   * Declares the columns instead of inferring them. Field types must be INT64, DOUBLE, STRING or
   * BOOLEAN (see {@link CsvColumnType}); a non-nullable field is a required column. The file's
   * header must name exactly these columns (in any order); rows come out in schema order.
   */
  public CsvOptions withSchema(Schema schema) {
    return new CsvOptions(delimiter, quote, nullTokens, Objects.requireNonNull(schema, "schema"), maxRejectedShare, sampleRows);
  }

  /**
   * The largest share of rows (rejected / all data rows, over all matched files) that may be
   * rejected before the read fails; 0.0 fails on the first rejected row, 1.0 never fails.
   */
  public CsvOptions withMaxRejectedShare(double share) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, share, sampleRows);
  }

  /** How many data rows schema inference reads, spread evenly over the matched files. */
  public CsvOptions withSampleRows(int rows) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, rows);
  }

  public char delimiter() {
    return delimiter;
  }

  public char quote() {
    return quote;
  }

  public List<String> nullTokens() {
    return nullTokens;
  }

  /** The declared schema, if any. */
  public Optional<Schema> schema() {
    return Optional.ofNullable(schema);
  }

  public double maxRejectedShare() {
    return maxRejectedShare;
  }

  public int sampleRows() {
    return sampleRows;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CsvOptions)) {
      return false;
    }
    CsvOptions other = (CsvOptions) o;
    return delimiter == other.delimiter
        && quote == other.quote
        && nullTokens.equals(other.nullTokens)
        && Objects.equals(schema, other.schema)
        && Double.compare(maxRejectedShare, other.maxRejectedShare) == 0
        && sampleRows == other.sampleRows;
  }

  @Override
  public int hashCode() {
    return Objects.hash(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows);
  }

  @Override
  public String toString() {
    return "CsvOptions{delimiter='" + delimiter + "', quote='" + quote + "', nullTokens=" + nullTokens
        + ", schema=" + (schema == null ? "inferred" : schema.getFieldNames()) + ", maxRejectedShare="
        + maxRejectedShare + ", sampleRows=" + sampleRows + "}";
  }
}
