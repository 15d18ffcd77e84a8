package dev.kiln.core.io.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.io.csv.CsvColumnType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Infers a schema for JSON files from a sample of their records, in the launching process: the files
 * sorted by name, the sample spread evenly over them, so the same files always give the same schema.
 * Columns are the keys in the order they are first seen; per column the narrowest type that holds
 * every sampled value, as for CSV: long ⊂ double ⊂ string, boolean for only true/false; a column
 * with objects, arrays, mixed kinds or no value in the sample is a string. JSON's own types decide
 * ({@code "12"} is a string). Every column is nullable, except those named {@code required}.
 */
final class JsonSchemaInference {
  private JsonSchemaInference() {}

  static Schema infer(List<MatchResult.Metadata> files, int sampleRows, List<String> required) {
    int perFile = (int) Math.max(1, ((long) sampleRows + files.size() - 1) / files.size());
    Map<String, Kind> kinds = new LinkedHashMap<>();
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().toString();
      try (JsonRecords records = JsonRecords.open(name, JsonRecords.open(file.resourceId()))) {
        for (int n = 0; n < perFile && records.next(); n++) {
          JsonNode record = records.record();
          if (record == null) {
            continue; // the read rejects it; it says nothing about the columns
          }
          for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            kinds.merge(e.getKey(), Kind.of(e.getValue()), Kind::join);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
      }
    }
    Schema.Builder schema = Schema.builder();
    kinds.forEach((column, kind) -> schema.addField(kind.columnType().field(column, required.contains(column))));
    return schema.build();
  }

  private enum Kind {
    EMPTY, LONG, DOUBLE, BOOLEAN, STRING;

    static Kind of(JsonNode v) {
      if (v.isNull()) {
        return EMPTY;
      }
      if (v.isIntegralNumber()) {
        return v.canConvertToLong() ? LONG : DOUBLE;
      }
      if (v.isNumber()) {
        return DOUBLE;
      }
      return v.isBoolean() ? BOOLEAN : STRING;
    }

    Kind join(Kind other) {
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
      return switch (this) {
        case LONG -> CsvColumnType.LONG;
        case DOUBLE -> CsvColumnType.DOUBLE;
        case BOOLEAN -> CsvColumnType.BOOLEAN;
        default -> CsvColumnType.STRING;
      };
    }
  }
}
