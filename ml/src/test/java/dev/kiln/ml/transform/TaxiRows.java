package dev.kiln.ml.transform;

import dev.kiln.core.io.csv.CsvRead;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
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

  /** The schema the csv step infers for the file. */
  static synchronized Schema schema() {
    if (schema == null) {
      schema = Pipeline.create(PipelineOptionsFactory.create()).apply(CsvRead.from(CSV.toString())).schema();
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
