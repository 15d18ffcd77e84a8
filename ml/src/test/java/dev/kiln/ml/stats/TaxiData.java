package dev.kiln.ml.stats;

import dev.kiln.core.io.SharedData;
import dev.kiln.core.io.csv.CsvRead;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The shared taxi data, and an independent plain-Java parse of its CSV for exact reference figures. */
public final class TaxiData {
  private TaxiData() {}

  public static String csv() {
    return SharedData.file("taxi/csv/data.csv").toString();
  }

  public static String avro() {
    return SharedData.file("taxi/avro/data.avro").toString();
  }

  static String tfrecordPattern() {
    return SharedData.file("taxi/tfrecord/data_tfrecord-00000-of-00002.gz").getParent() + "/data_tfrecord-*.gz";
  }

  /** The schema {@link CsvRead} infers for the taxi CSV. */
  public static Schema csvSchema() {
    return Pipeline.create(PipelineOptionsFactory.create()).apply(CsvRead.from(csv())).schema();
  }

  /** Every CSV row as a Row of {@code schema}, parsed here with commons-csv (empty field = null). */
  public static List<Row> csvRows(Schema schema) {
    List<Row> rows = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(SharedData.file("taxi/csv/data.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        Row.Builder row = Row.withSchema(schema);
        for (Schema.Field f : schema.getFields()) {
          String text = record.get(f.getName());
          row.addValue(text.isEmpty() ? null : parse(f.getType().getTypeName(), text));
        }
        rows.add(row.build());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static Object parse(Schema.TypeName type, String text) {
    return switch (type) {
      case INT64 -> Long.parseLong(text);
      case DOUBLE -> Double.parseDouble(text);
      case BOOLEAN -> Boolean.parseBoolean(text);
      case STRING -> text;
      default -> throw new IllegalStateException("unexpected CSV column type " + type);
    };
  }
}
