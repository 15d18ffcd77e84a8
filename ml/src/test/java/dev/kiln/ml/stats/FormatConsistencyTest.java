package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.avro.AvroFiles;
import dev.kiln.core.io.csv.CsvRead;
import dev.kiln.core.io.tfrecord.TfRecordFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The taxi data as CSV, Avro and TFRecord give consistent statistics. CSV and Avro hold the same
 * 10,000 rows (Avro with 32-bit floats); the TFRecord files are a different sample of 15,000 rows
 * with the same columns, so only their shape and kinds are compared.
 */
class FormatConsistencyTest {
  private static Statistics csv;
  private static Statistics avro;
  private static Statistics tfrecord;

  @TempDir static Path dir;

  @BeforeAll
  static void computeOnce() {
    StatisticsRun run = new StatisticsRun(dir);
    run.capture("csv", run.pipeline().apply("Csv", CsvRead.from(TaxiData.csv())).rows()
        .apply("CsvStatistics", DatasetStatistics.of()));
    run.capture("avro", run.pipeline().apply("Avro", AvroFiles.read(TaxiData.avro()))
        .apply("AvroStatistics", DatasetStatistics.of()));
    run.capture("tfrecord", run.pipeline().apply("TfRecord", TfRecordFiles.read(TaxiData.tfrecordPattern()))
        .apply("TfRecordStatistics", DatasetStatistics.of()));
    Map<String, Statistics> out = run.run();
    csv = out.get("csv");
    avro = out.get("avro");
    tfrecord = out.get("tfrecord");
  }

  @Test
  void csvAndAvroHaveTheSameFeaturesKindsAndCounts() {
    assertEquals(10_000, csv.rows());
    assertEquals(csv.rows(), avro.rows());
    assertEquals(kinds(csv).keySet(), kinds(avro).keySet());
    for (FeatureStatistics c : csv.features()) {
      FeatureStatistics a = avro.feature(c.name()).orElseThrow();
      assertEquals(c.count(), a.count(), c.name() + " count");
      assertEquals(c.missing(), a.missing(), c.name() + " missing");
      if (c.count() > 0) {
        assertEquals(c.kind(), a.kind(), c.name() + " kind");
      }
    }
    // Never has a value: the CSV reader cannot tell its type (STRING), Avro declares float.
    FeatureStatistics empty = csv.feature("pickup_census_tract").orElseThrow();
    assertEquals(10_000, empty.missing());
    assertEquals(FeatureKind.STRING, empty.kind());
    assertEquals(FeatureKind.NUMERIC, avro.feature("pickup_census_tract").orElseThrow().kind());
  }

  @Test
  void csvAndAvroNumbersAgreeUpToAvrosFloatRounding() {
    int compared = 0;
    for (FeatureStatistics c : csv.features()) {
      if (c.kind() != FeatureKind.NUMERIC || c.numbers().min() == null) {
        continue;
      }
      compared++;
      NumericStatistics cn = c.numbers();
      NumericStatistics an = avro.feature(c.name()).orElseThrow().numbers();
      String at = c.name();
      assertEquals(cn.zeros(), an.zeros(), at + " zeros");
      if (avro.feature(c.name()).orElseThrow().type().equals("FLOAT")) {
        // Python's avro stored the CSV's doubles as floats. Rounding is monotonic, so the extremes
        // are the rounded extremes; each value moved by at most half an ulp of the largest
        // magnitude, and so can mean and standard deviation.
        assertEquals((double) (float) (double) cn.min(), an.min(), at + " min");
        assertEquals((double) (float) (double) cn.max(), an.max(), at + " max");
        double ulp = Math.ulp((float) Math.max(Math.abs(cn.min()), Math.abs(cn.max())));
        assertEquals(cn.mean(), an.mean(), ulp, at + " mean");
        assertEquals(cn.stdDev(), an.stdDev(), ulp, at + " stdDev");
      } else {
        assertEquals(cn.min(), an.min(), at + " min");
        assertEquals(cn.max(), an.max(), at + " max");
        assertEquals(cn.mean(), an.mean(), 1e-12 * Math.abs(cn.mean()), at + " mean");
        assertEquals(cn.stdDev(), an.stdDev(), 1e-9 * cn.stdDev(), at + " stdDev");
      }
      assertEquals(cn.quantiles().points().size(), an.quantiles().points().size());
    }
    assertEquals(15, compared, "numeric columns with values compared");
  }

  @Test
  void csvAndAvroStringsAreIdentical() {
    for (String column : Set.of("payment_type", "company")) {
      assertEquals(csv.feature(column).orElseThrow().strings(), avro.feature(column).orElseThrow().strings(), column);
    }
  }

  @Test
  void tfrecordHasTheSameColumnsOfTheSameKindsAndItsOwnRowCount() {
    assertEquals(15_000, tfrecord.rows());
    assertEquals(kinds(csv), kinds(tfrecord));
    for (FeatureStatistics f : tfrecord.features()) {
      assertEquals(15_000, f.count() + f.missing(), f.name());
    }
    // The same city and years: the most frequent payment type is the same in both samples.
    assertEquals(top("payment_type", csv), top("payment_type", tfrecord));
    assertTrue(tfrecord.feature("trip_start_hour").orElseThrow().numbers().max() <= 23);
  }

  private static String top(String column, Statistics s) {
    return s.feature(column).orElseThrow().strings().top().get(0).value();
  }

  private static Map<String, FeatureKind> kinds(Statistics s) {
    Map<String, FeatureKind> kinds = new TreeMap<>();
    s.features().forEach(f -> kinds.put(f.name(), f.kind()));
    return kinds;
  }
}
