package dev.kiln.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.avro.AvroFiles;
import dev.kiln.core.io.csv.CsvRead;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * The shared taxi data as CSV (written by pandas) and as Avro (written by Python's avro, floats
 * as 32-bit) must come out as the same rows: same count, and per numeric column the same number
 * of values and the same sum.
 */
class TaxiCsvAvroTest {
  private static final Set<Schema.TypeName> NUMERIC =
      Set.of(Schema.TypeName.INT32, Schema.TypeName.INT64, Schema.TypeName.FLOAT, Schema.TypeName.DOUBLE);

  @Test
  void csvAndAvroGiveTheSameRowCountAndColumnSums() {
    String csv = SharedData.file("taxi/csv/data.csv").toString();
    String avro = SharedData.file("taxi/avro/data.avro").toString();
    Schema avroSchema = AvroFiles.schemaOf(avro);
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline pipeline = Pipeline.create(options);

    CsvRead.Result csvRows = pipeline.apply("Csv", CsvRead.from(csv));
    PCollection<Row> avroRows = pipeline.apply("Avro", AvroFiles.read(avro));

    List<String> columns = numericInBoth(csvRows.schema(), avroSchema);
    assertEquals(15, columns.size(), "numeric columns in both: " + columns);
    // Python stored the doubles of the CSV as 32-bit floats; round the CSV side the same way.
    Set<String> floats = new TreeSet<>();
    for (String c : columns) {
      if (avroSchema.getField(c).getType().getTypeName() == Schema.TypeName.FLOAT) {
        floats.add(c);
      }
    }
    PCollection<KV<String, Sums>> csvSums = sums("Csv", csvRows.rows(), columns, floats);
    PCollection<KV<String, Sums>> avroSums = sums("Avro", avroRows, columns, floats);
    PCollection<KV<String, Sums>> both = PCollectionList.of(csvSums).and(avroSums).apply(Flatten.pCollections());

    PAssert.that(both).satisfies(results -> {
      Map<String, Sums> byFormat = new HashMap<>();
      results.forEach(kv -> byFormat.put(kv.getKey(), kv.getValue()));
      Sums fromCsv = byFormat.get("Csv");
      Sums fromAvro = byFormat.get("Avro");
      assertEquals(10_000, fromCsv.rows, "csv rows");
      assertEquals(fromCsv.rows, fromAvro.rows, "rows");
      for (int i = 0; i < columns.size(); i++) {
        assertEquals(fromCsv.counts[i], fromAvro.counts[i], "values in " + columns.get(i));
        double tolerance = 1e-12 * Math.max(1.0, Math.abs(fromCsv.sums[i])); // summation order only
        assertEquals(fromCsv.sums[i], fromAvro.sums[i], tolerance, "sum of " + columns.get(i));
      }
      assertTrue(fromCsv.sums[columns.indexOf("fare")] > 100_000, "fares were summed");
      return null;
    });
    PAssert.that(csvRows.rejected()).empty();
    pipeline.run().waitUntilFinish();
  }

  private static List<String> numericInBoth(Schema csv, Schema avro) {
    List<String> columns = new ArrayList<>();
    for (Schema.Field f : csv.getFields()) {
      if (NUMERIC.contains(f.getType().getTypeName())
          && avro.hasField(f.getName())
          && NUMERIC.contains(avro.getField(f.getName()).getType().getTypeName())) {
        columns.add(f.getName());
      }
    }
    return columns;
  }

  private static PCollection<KV<String, Sums>> sums(
      String name, PCollection<Row> rows, List<String> columns, Set<String> floats) {
    return rows
        .apply(name + "Sums", Combine.globally(new ColumnSums(columns, floats)))
        .apply(name + "Key", WithKeys.of(name))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Sums.class)));
  }

  /** Row count, and per column the number of non-null values and their sum. */
  static final class Sums implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    final long[] counts;
    final double[] sums;

    Sums(int columns) {
      counts = new long[columns];
      sums = new double[columns];
    }
  }

  /** Sums numeric columns, reading FLOAT-compared columns as 32-bit floats. */
  static final class ColumnSums extends Combine.CombineFn<Row, Sums, Sums> {
    private static final long serialVersionUID = 1L;
    private final List<String> columns;
    private final Set<String> floats;

    ColumnSums(List<String> columns, Set<String> floats) {
      this.columns = List.copyOf(columns);
      this.floats = Set.copyOf(floats);
    }

    @Override
    public Sums createAccumulator() {
      return new Sums(columns.size());
    }

    @Override
    public Sums addInput(Sums acc, Row row) {
      acc.rows++;
      for (int i = 0; i < columns.size(); i++) {
        Number value = row.getValue(columns.get(i));
        if (value != null) {
          acc.counts[i]++;
          acc.sums[i] += floats.contains(columns.get(i)) ? value.floatValue() : value.doubleValue();
        }
      }
      return acc;
    }

    @Override
    public Sums mergeAccumulators(Iterable<Sums> accumulators) {
      Sums merged = createAccumulator();
      for (Sums acc : accumulators) {
        merged.rows += acc.rows;
        for (int i = 0; i < columns.size(); i++) {
          merged.counts[i] += acc.counts[i];
          merged.sums[i] += acc.sums[i];
        }
      }
      return merged;
    }

    @Override
    public Sums extractOutput(Sums acc) {
      return acc;
    }

    @Override
    public Coder<Sums> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(Sums.class);
    }

    @Override
    public Coder<Sums> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(Sums.class);
    }
  }
}
