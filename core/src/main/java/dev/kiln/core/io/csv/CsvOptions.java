package dev.kiln.core.io.csv;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
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
 *
 * <p>Bytes: files are decoded strictly in {@link #encoding()} (UTF-8 by default); a row with a
 * malformed byte sequence is rejected, naming its byte offset. A field longer than {@link
 * #maxFieldBytes()} or a header longer than {@link #maxHeaderBytes()} stops the read with an
 * error: such a file is almost always not the CSV it claims to be. An uncompressed file larger
 * than {@link #rangeBytes()} is read in byte ranges in parallel (see {@link CsvRanges}).
 */
public final class CsvOptions implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Default number of data rows read for schema inference. */
  public static final int DEFAULT_SAMPLE_ROWS = 10_000;
  /** Default cap on one field: 1 MiB. */
  public static final int DEFAULT_MAX_FIELD_BYTES = 1 << 20;
  /** Default cap on the header row: 1 MiB. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 1 << 20;
  /** Default size of the byte ranges a large file is read in: 32 MiB. */
  public static final long DEFAULT_RANGE_BYTES = 32L << 20;

  private final char delimiter;
  private final char quote;
  private final List<String> nullTokens;
  private final @Nullable Schema schema;
  private final double maxRejectedShare;
  private final int sampleRows;
  private final String encoding;
  private final int maxFieldBytes;
  private final int maxHeaderBytes;
  private final long rangeBytes;

  private CsvOptions(
      char delimiter,
      char quote,
      List<String> nullTokens,
      @Nullable Schema schema,
      double maxRejectedShare,
      int sampleRows,
      String encoding,
      int maxFieldBytes,
      int maxHeaderBytes,
      long rangeBytes) {
    if (delimiter == quote) {
      throw new IllegalArgumentException("CSV delimiter and quote must differ, both are '" + quote + "'");
    }
    for (char c : new char[] {delimiter, quote}) {
      if (c == '\n' || c == '\r') {
        throw new IllegalArgumentException("CSV delimiter and quote must not be a line break");
      }
      if (c >= 128) {
        throw new IllegalArgumentException("CSV delimiter and quote must be ASCII characters, not '" + c + "'");
      }
    }
    if (!(maxRejectedShare >= 0.0 && maxRejectedShare <= 1.0)) {
      throw new IllegalArgumentException("maxRejectedShare must be within [0, 1], got " + maxRejectedShare);
    }
    if (sampleRows < 1) {
      throw new IllegalArgumentException("the inference sample must have at least 1 row, got " + sampleRows);
    }
    if (maxFieldBytes < 1 || maxHeaderBytes < 1) {
      throw new IllegalArgumentException("maxFieldBytes and maxHeaderBytes must be at least 1");
    }
    if (rangeBytes < 1) {
      throw new IllegalArgumentException("rangeBytes must be at least 1, got " + rangeBytes);
    }
    checkAsciiCompatible(charsetNamed(encoding), delimiter, quote);
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
    this.encoding = encoding;
    this.maxFieldBytes = maxFieldBytes;
    this.maxHeaderBytes = maxHeaderBytes;
    this.rangeBytes = rangeBytes;
  }

  /** The defaults described above. */
  public static CsvOptions defaults() {
    return new CsvOptions(',', '"', List.of(), null, 0.0, DEFAULT_SAMPLE_ROWS, "UTF-8", DEFAULT_MAX_FIELD_BYTES,
        DEFAULT_MAX_HEADER_BYTES, DEFAULT_RANGE_BYTES);
  }

  public CsvOptions withDelimiter(char delimiter) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows, encoding,
        maxFieldBytes, maxHeaderBytes, rangeBytes);
  }

  public CsvOptions withQuote(char quote) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows, encoding,
        maxFieldBytes, maxHeaderBytes, rangeBytes);
  }

  /** Field values, besides the empty field, that mean "missing" (e.g. {@code NA}, {@code null}). */
  public CsvOptions withNullTokens(String... tokens) {
    LinkedHashSet<String> set = new LinkedHashSet<>();
    for (String t : tokens) {
      set.add(Objects.requireNonNull(t, "null token"));
    }
    return new CsvOptions(delimiter, quote, List.copyOf(set), schema, maxRejectedShare, sampleRows, encoding,
        maxFieldBytes, maxHeaderBytes, rangeBytes);
  }

  /**
   * Declares the types of some or all columns. Field types must be INT64, DOUBLE, STRING, BOOLEAN
   * or DATETIME (see {@link CsvColumnType}); a non-nullable field is a required column. Every
   * declared column must be in the file's header; columns of the header that are not declared are
   * inferred from the sample as without a schema. Rows come out with the declared columns first,
   * in schema order, then the others in file order.
   */
  public CsvOptions withSchema(Schema schema) {
    return new CsvOptions(delimiter, quote, nullTokens, Objects.requireNonNull(schema, "schema"), maxRejectedShare,
        sampleRows, encoding, maxFieldBytes, maxHeaderBytes, rangeBytes);
  }

  /**
   * The largest share of rows (rejected / all data rows, over all matched files) that may be
   * rejected before the read fails; 0.0 fails on the first rejected row, 1.0 never fails.
   */
  public CsvOptions withMaxRejectedShare(double share) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, share, sampleRows, encoding, maxFieldBytes,
        maxHeaderBytes, rangeBytes);
  }

  /** How many data rows schema inference reads, spread evenly over the matched files. */
  public CsvOptions withSampleRows(int rows) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, rows, encoding, maxFieldBytes,
        maxHeaderBytes, rangeBytes);
  }

  /**
   * The files' charset (a Java charset name such as {@code ISO-8859-1} or {@code windows-1252}).
   * It must write the delimiter, the quote and line breaks as their ASCII bytes (UTF-16 does not).
   */
  public CsvOptions withEncoding(String encoding) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows,
        Objects.requireNonNull(encoding, "encoding"), maxFieldBytes, maxHeaderBytes, rangeBytes);
  }

  /** The longest field, in bytes, a read accepts; a longer one stops the read with an error. */
  public CsvOptions withMaxFieldBytes(int bytes) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows, encoding, bytes,
        maxHeaderBytes, rangeBytes);
  }

  /** The longest header row, in bytes, a read accepts; a longer one stops the read with an error. */
  public CsvOptions withMaxHeaderBytes(int bytes) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows, encoding,
        maxFieldBytes, bytes, rangeBytes);
  }

  /** The size of the byte ranges an uncompressed file is read in, in parallel. */
  public CsvOptions withRangeBytes(long bytes) {
    return new CsvOptions(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows, encoding,
        maxFieldBytes, maxHeaderBytes, bytes);
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

  /** The files' charset name, as given. */
  public String encoding() {
    return encoding;
  }

  Charset charset() {
    return charsetNamed(encoding);
  }

  public int maxFieldBytes() {
    return maxFieldBytes;
  }

  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  public long rangeBytes() {
    return rangeBytes;
  }

  private static Charset charsetNamed(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException("unknown encoding '" + name + "'; use a Java charset name such as UTF-8, "
          + "ISO-8859-1 or windows-1252");
    }
  }

  /** The byte scanner finds delimiters, quotes and line breaks as single ASCII bytes. */
  private static void checkAsciiCompatible(Charset charset, char delimiter, char quote) {
    String probe = "" + delimiter + quote + "\r\n";
    if (!charset.canEncode()
        || !java.util.Arrays.equals(probe.getBytes(charset), probe.getBytes(StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException("encoding " + charset.name() + " is not supported: it must write the "
          + "delimiter, the quote and line breaks as single ASCII bytes (UTF-8, ISO-8859-*, windows-125* do)");
    }
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
        && sampleRows == other.sampleRows
        && encoding.equals(other.encoding)
        && maxFieldBytes == other.maxFieldBytes
        && maxHeaderBytes == other.maxHeaderBytes
        && rangeBytes == other.rangeBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(delimiter, quote, nullTokens, schema, maxRejectedShare, sampleRows, encoding, maxFieldBytes,
        maxHeaderBytes, rangeBytes);
  }

  @Override
  public String toString() {
    return "CsvOptions{delimiter='" + delimiter + "', quote='" + quote + "', nullTokens=" + nullTokens
        + ", schema=" + (schema == null ? "inferred" : schema.getFieldNames()) + ", maxRejectedShare="
        + maxRejectedShare + ", sampleRows=" + sampleRows + ", encoding=" + encoding + ", maxFieldBytes="
        + maxFieldBytes + ", maxHeaderBytes=" + maxHeaderBytes + ", rangeBytes=" + rangeBytes + "}";
  }
}
