package dev.kiln.core.io.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Turns the records of one CSV file into Rows of a schema, or says why a record is rejected. One
 * instance per file and thread: it reuses its value parser and keeps the last rejection reason
 * instead of throwing, because rejections are expected data, not failures.
 */
final class CsvRowParser {
  private static final int MAX_QUOTED_VALUE = 60;

  private final Schema schema;
  private final Set<String> nullTokens;
  private final CsvColumnType[] types;
  private final boolean[] required;
  private final String[] names;
  /** For each schema field, its column in the file. */
  private final int[] columnOf;
  private final int fileColumns;
  private final CsvValueParser values = new CsvValueParser();
  private String rejection;

  /**
   * A parser for a file with {@code header}.
   *
   * @throws CsvFormatException naming the file when the header does not have exactly the schema's columns
   */
  CsvRowParser(Schema schema, List<String> header, CsvOptions options, String file) {
    this.schema = schema;
    this.nullTokens = Set.copyOf(options.nullTokens());
    int n = schema.getFieldCount();
    this.types = new CsvColumnType[n];
    this.required = new boolean[n];
    this.names = new String[n];
    this.columnOf = new int[n];
    this.fileColumns = header.size();
    checkHeader(schema, header, file);
    for (int i = 0; i < n; i++) {
      Schema.Field field = schema.getField(i);
      types[i] = CsvColumnType.of(field.getType());
      required[i] = !field.getType().getNullable();
      names[i] = field.getName();
      columnOf[i] = header.indexOf(field.getName());
    }
  }

  /** True when {@code value} means "no value": empty, or one of the options' null tokens. */
  static boolean isMissing(String value, CsvOptions options) {
    return value.isEmpty() || (!options.nullTokens().isEmpty() && options.nullTokens().contains(value));
  }

  /** The record as a Row, or null when it is rejected; then {@link #rejection()} says why. */
  Row parse(CsvRecords record) {
    String invalid = record.invalid();
    if (invalid != null) {
      rejection = invalid;
      return null;
    }
    if (record.size() != fileColumns) {
      rejection = "expected " + fileColumns + " fields but found " + record.size();
      return null;
    }
    Object[] row = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      String text = record.get(columnOf[i]);
      if (text.isEmpty() || (!nullTokens.isEmpty() && nullTokens.contains(text))) {
        if (required[i]) {
          rejection = "column '" + names[i] + "': a value is required";
          return null;
        }
        continue;
      }
      switch (types[i]) {
        case LONG:
          if (!values.parseLong(text)) {
            return reject(i, text);
          }
          row[i] = values.longValue();
          break;
        case DOUBLE:
          if (!values.parseDouble(text)) {
            return reject(i, text);
          }
          row[i] = values.doubleValue();
          break;
        case BOOLEAN:
          if (!values.parseBoolean(text)) {
            return reject(i, text);
          }
          row[i] = values.booleanValue();
          break;
        case TIMESTAMP:
          if (!values.parseTimestamp(text)) {
            return reject(i, text);
          }
          row[i] = values.timestampValue();
          break;
        default:
          row[i] = text;
      }
    }
    // The values match the schema by construction, so skip Row.Builder's per-value verification.
    return Row.withSchema(schema).attachValues(Arrays.asList(row));
  }

  /** Why the last record given to {@link #parse} was rejected. */
  String rejection() {
    return rejection;
  }

  private Row reject(int field, String text) {
    rejection = "column '" + names[field] + "': " + quote(text) + " is not a " + types[field].typeName();
    return null;
  }

  private static String quote(String text) {
    String shown = text.length() > MAX_QUOTED_VALUE ? text.substring(0, MAX_QUOTED_VALUE) + "..." : text;
    return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
  }

  private static void checkHeader(Schema schema, List<String> header, String file) {
    Set<String> missing = new LinkedHashSet<>(schema.getFieldNames());
    missing.removeAll(header);
    List<String> unexpected = new ArrayList<>(header);
    unexpected.removeAll(schema.getFieldNames());
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return;
    }
    StringBuilder msg = new StringBuilder(file).append(" line 1: the header does not match the schema");
    if (!missing.isEmpty()) {
      msg.append("; missing columns ").append(missing);
    }
    if (!unexpected.isEmpty()) {
      msg.append("; unexpected columns ").append(unexpected);
    }
    throw new CsvFormatException(msg.append("; the header is ").append(header).toString());
  }
}
