package dev.kiln.core.io.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Infers a Beam {@link Schema} for CSV files from their header and a sample of their rows. Runs
 * in the launching process, before any job: the files are sorted by name and the first rows of
 * each are read (the sample of {@link CsvOptions#sampleRows()} rows is spread evenly over the
 * files), so the same files always give the same schema.
 *
 * <p>Per column the narrowest type that holds every sampled value: INT64 ⊂ DOUBLE ⊂ STRING, and
 * BOOLEAN for a column of only true/false (mixed with anything else it is STRING). A column
 * with no value in the sample is STRING. Every field is nullable; column order is the header's.
 * All files must have the same header. Declared columns ({@link CsvOptions#withSchema}) keep
 * their declared type and come first.
 */
public final class CsvSchemaInference {
  private CsvSchemaInference() {}

  /**
   * The schema of the files {@code pattern} matches.
   *
   * @throws CsvFormatException when nothing matches, a file is empty or malformed, or headers differ
   */
  public static Schema infer(String pattern, CsvOptions options) {
    return infer(CsvFiles.match(pattern), options);
  }

  /**
   * The schema of the given files (at least one), read in the given order: the declared columns of
   * {@link CsvOptions#schema()} first, in their order, then every other column of the first file's
   * header, in file order, with the type its sampled values allow. When the declared schema names
   * every column, nothing is sampled.
   *
   * @throws CsvFormatException when a declared column is not in the header, or (without a declared
   *     schema) files have different headers
   */
  static Schema infer(List<MatchResult.Metadata> files, CsvOptions options) {
    Schema declared = options.schema().orElse(null);
    int perFile = (int) Math.max(1, ((long) options.sampleRows() + files.size() - 1) / files.size());
    List<String> toInfer = null;
    String headerFile = null;
    List<String> firstHeader = null;
    ColumnKind[] kinds = null;
    CsvValueParser parser = new CsvValueParser();
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().toString();
      try (CsvRecords records = CsvRecords.open(name, CsvFiles.open(file.resourceId()), options)) {
        List<String> header = records.header();
        if (toInfer == null) {
          headerFile = name;
          firstHeader = header;
          toInfer = undeclared(header, declared, name);
          if (toInfer.isEmpty()) {
            return declared; // CsvRowParser checks every file's header against it
          }
          kinds = new ColumnKind[toInfer.size()];
          java.util.Arrays.fill(kinds, ColumnKind.EMPTY);
        } else if (declared == null ? !header.equals(firstHeader) : !new java.util.HashSet<>(header).equals(new java.util.HashSet<>(firstHeader))) {
          throw new CsvFormatException(
              name + ": header " + header + " differs from " + headerFile + "'s " + firstHeader
                  + "; all files of one CSV source must have the same columns");
        }
        int[] columns = new int[toInfer.size()];
        for (int c = 0; c < columns.length; c++) {
          columns[c] = header.indexOf(toInfer.get(c));
        }
        for (int n = 0; n < perFile && records.next(); n++) {
          if (records.size() != header.size() || records.invalid() != null) {
            continue; // the read rejects this row; it says nothing about column types
          }
          for (int c = 0; c < kinds.length; c++) {
            if (kinds[c] != ColumnKind.STRING) {
              String value = records.get(columns[c]);
              if (!CsvRowParser.isMissing(value, options)) {
                kinds[c] = kinds[c].join(ColumnKind.of(value, parser));
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
      }
    }
    Schema.Builder schema = Schema.builder();
    if (declared != null) {
      schema.addFields(declared.getFields());
    }
    for (int c = 0; c < kinds.length; c++) {
      schema.addField(kinds[c].columnType().field(toInfer.get(c), false));
    }
    return schema.build();
  }

  /** The header's columns that {@code declared} does not name, in file order. */
  private static List<String> undeclared(List<String> header, Schema declared, String file) {
    if (declared == null) {
      return header;
    }
    List<String> missing = new java.util.ArrayList<>(declared.getFieldNames());
    missing.removeAll(header);
    if (!missing.isEmpty()) {
      throw new CsvFormatException(file + " line 1: the declared schema names " + (missing.size() == 1 ? "column " : "columns ")
          + missing + " that the header does not have; the header is " + header, "schema");
    }
    List<String> rest = new java.util.ArrayList<>(header);
    rest.removeAll(declared.getFieldNames());
    return rest;
  }

  /** What the sampled values of a column allow, ordered from narrowest to widest. */
  private enum ColumnKind {
    EMPTY,
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING;

    static ColumnKind of(String value, CsvValueParser parser) {
      if (parser.parseLong(value)) {
        return LONG;
      }
      if (parser.parseDouble(value)) {
        return DOUBLE;
      }
      if (parser.parseBoolean(value)) {
        return BOOLEAN;
      }
      return STRING;
    }

    ColumnKind join(ColumnKind other) {
      if (this == other || other == EMPTY) {
        return this;
      }
      if (this == EMPTY) {
        return other;
      }
      boolean numeric = (this == LONG || this == DOUBLE) && (other == LONG || other == DOUBLE);
      return numeric ? DOUBLE : STRING;
    }

    CsvColumnType columnType() {
      switch (this) {
        case LONG:
          return CsvColumnType.LONG;
        case DOUBLE:
          return CsvColumnType.DOUBLE;
        case BOOLEAN:
          return CsvColumnType.BOOLEAN;
        default:
          return CsvColumnType.STRING;
      }
    }
  }
}
