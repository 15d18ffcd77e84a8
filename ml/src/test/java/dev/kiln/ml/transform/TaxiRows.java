package dev.kiln.ml.transform;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The project's taxi CSV as Rows (parsed here with commons-csv; empty field = null), and a fixed train/eval split. */
final class TaxiRows {
  static final Path CSV = Path.of("../examples/data/taxi.csv").toAbsolutePath().normalize();
  private static Schema schema;
  private static List<Row> rows;

  private TaxiRows() {}

  /**
   * The schema of the file as the csv step infers it (whole numbers INT64, decimals DOUBLE, else STRING;
   * all nullable), written out here because inferring it means starting a Beam pipeline.
   */
  static synchronized Schema schema() {
    if (schema == null) {
      Schema.Builder b = Schema.builder();
      for (String column : List.of("pickup_community_area:L", "fare:D", "trip_start_month:L", "trip_start_hour:L",
          "trip_start_day:L", "trip_start_timestamp:L", "pickup_latitude:D", "pickup_longitude:D", "dropoff_latitude:D",
          "dropoff_longitude:D", "trip_miles:D", "pickup_census_tract:S", "dropoff_census_tract:D", "payment_type:S",
          "company:S", "trip_seconds:D", "dropoff_community_area:D", "tips:D")) {
        String[] nameType = column.split(":");
        Schema.FieldType type = switch (nameType[1]) {
          case "L" -> Schema.FieldType.INT64;
          case "D" -> Schema.FieldType.DOUBLE;
          default -> Schema.FieldType.STRING;
        };
        b.addNullableField(nameType[0], type);
      }
      schema = b.build();
    }
    return schema;
  }

  static synchronized List<Row> all() {
    if (rows == null) {
      rows = read(schema());
    }
    return rows;
  }

  /** About 80% of the rows, chosen by a hash of the trip's start time. */
  static List<Row> train() {
    return all().stream().filter(TaxiRows::isTrain).toList();
  }

  static List<Row> eval() {
    return all().stream().filter(r -> !isTrain(r)).toList();
  }

  private static boolean isTrain(Row r) {
    long h = r.getInt64("trip_start_timestamp") * 0x9E3779B97F4A7C15L;
    return Math.floorMod(h ^ (h >>> 29), 10) < 8;
  }

  private static List<Row> read(Schema schema) {
    List<Row> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(CSV, StandardCharsets.UTF_8)) {
      for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        Row.Builder row = Row.withSchema(schema);
        for (Schema.Field f : schema.getFields()) {
          String text = record.get(f.getName());
          row.addValue(text.isEmpty() ? null : switch (f.getType().getTypeName()) {
            case INT64 -> Long.parseLong(text);
            case DOUBLE -> Double.parseDouble(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            default -> text;
          });
        }
        out.add(row.build());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
