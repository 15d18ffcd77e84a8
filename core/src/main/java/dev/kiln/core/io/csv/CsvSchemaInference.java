package dev.kiln.core.io.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.commons.csv.CSVRecord;

/**
 * Infers a Beam {@link Schema} for CSV files from their header and a sample of their rows. Runs
 * in the launching process, before any job: the files are sorted by name and the first rows of
 * each are read (the sample of {@link CsvOptions#sampleRows()} rows is spread evenly over the
 * files), so the same files always give the same schema.
 *
 * <p>Per column the narrowest type that holds every sampled value: INT64 ⊂ DOUBLE ⊂ STRING, and
 * BOOLEAN for a column of only true/false (mixed with anything else it is STRING). A column
 * with no value in the sample is STRING. Every field is nullable; column order is the header's.
 * All files must have the same header.
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

  /** The schema of the given files (at least one), read in the given order. */
  static Schema infer(List<MatchResult.Metadata> files, CsvOptions options) {
    int perFile = (int) Math.max(1, ((long) options.sampleRows() + files.size() - 1) / files.size());
    List<String> header = null;
    String headerFile = null;
    ColumnKind[] kinds = null;
    CsvValueParser parser = new CsvValueParser();
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().toString();
      try (CsvRecords records = CsvRecords.open(name, CsvFiles.open(file.resourceId()), options)) {
        if (header == null) {
          header = records.header();
          headerFile = name;
          kinds = new ColumnKind[header.size()];
          java.util.Arrays.fill(kinds, ColumnKind.EMPTY);
        } else if (!header.equals(records.header())) {
          throw new CsvFormatException(
              name + ": header " + records.header() + " differs from " + headerFile + "'s " + header
                  + "; all files of one CSV source must have the same columns");
        }
        for (int n = 0; n < perFile && records.next(); n++) {
          CSVRecord record = records.record();
          if (record.size() != kinds.length) {
            continue; // the read rejects this row; it says nothing about column types
          }
          for (int c = 0; c < kinds.length; c++) {
            if (kinds[c] != ColumnKind.STRING) {
              String value = record.get(c);
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
    for (int c = 0; c < kinds.length; c++) {
      schema.addField(kinds[c].columnType().field(header.get(c), false));
    }
    return schema.build();
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
