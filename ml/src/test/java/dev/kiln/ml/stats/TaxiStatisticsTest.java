package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.csv.CsvRead;
import dev.kiln.ml.stats.sketch.QuantileSketch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statistics of the taxi CSV, computed by {@link DatasetStatistics} on the DirectRunner, against
 * an exact computation over an independent parse of the same file.
 */
class TaxiStatisticsTest {
  private static Schema schema;
  private static List<Row> rows;
  private static Statistics byDefault;
  private static Statistics smallSketches;
  /** k = 64 forces many compactions on 10,000 rows; 4 counters force the HyperLogLog path. */
  private static final StatisticsOptions SMALL =
      StatisticsOptions.defaults().withQuantileSketchK(64).withHeavyHitterCapacity(4).withTopK(3);

  @TempDir static Path dir;

  @BeforeAll
  static void computeOnce() {
    schema = TaxiData.csvSchema();
    rows = TaxiData.csvRows(schema);
    StatisticsRun run = new StatisticsRun(dir);
    CsvRead.Result csv = run.pipeline().apply(CsvRead.from(TaxiData.csv()));
    run.capture("defaults", csv.rows().apply("Defaults", DatasetStatistics.of()));
    run.capture("small", csv.rows().apply("Small", DatasetStatistics.of().withOptions(SMALL)));
    Map<String, Statistics> out = run.run();
    byDefault = out.get("defaults");
    smallSketches = out.get("small");
  }

  @Test
  void rowCountAndSchemaAreThoseOfTheCsv() {
    assertEquals(10_000, rows.size());
    assertEquals(10_000, byDefault.rows());
    assertEquals(schema.getFieldNames(), byDefault.features().stream().map(FeatureStatistics::name).toList());
    for (Schema.Field f : schema.getFields()) {
      FeatureStatistics s = byDefault.feature(f.getName()).orElseThrow();
      assertEquals(f.getType().getTypeName().toString(), s.type(), f.getName());
      assertEquals(FeatureKind.of(f.getType()), s.kind(), f.getName());
      assertEquals(StatisticsOptions.defaults(), byDefault.options());
    }
  }

  @Test
  void numericFiguresEqualTheExactOnes() {
    int numeric = 0;
    for (FeatureStatistics s : byDefault.features()) {
      if (s.kind() != FeatureKind.NUMERIC) {
        continue;
      }
      numeric++;
      ExactColumn exact = new ExactColumn(rows, s.name());
      NumericStatistics n = s.numbers();
      String at = s.name();
      assertEquals(exact.count, s.count(), at + " count");
      assertEquals(exact.missing, s.missing(), at + " missing");
      assertEquals(exact.zeros(), n.zeros(), at + " zeros");
      assertEquals(exact.sorted[0], n.min(), at + " min");
      assertEquals(exact.sorted[exact.sorted.length - 1], n.max(), at + " max");
      assertRelative(exact.mean(), n.mean(), 1e-9, at + " mean");
      assertRelative(exact.stdDev(), n.stdDev(), 1e-9, at + " stdDev");
    }
    assertTrue(numeric >= 15, "numeric columns: " + numeric);
  }

  @Test
  void missingValuesAreCountedWhereTheCsvHasEmptyFields() {
    FeatureStatistics dropoff = byDefault.feature("dropoff_latitude").orElseThrow();
    assertTrue(dropoff.missing() > 0, "dropoff_latitude has empty fields in the CSV");
    assertEquals(10_000, dropoff.count() + dropoff.missing());
  }

  @Test
  void quantilesAreWithinTheStatedRankErrorWithDefaultAndSmallSketches() {
    for (Statistics stats : List.of(byDefault, smallSketches)) {
      for (FeatureStatistics s : stats.features()) {
        if (s.kind() == FeatureKind.NUMERIC) {
          assertQuantilesWithinBound(s, new ExactColumn(rows, s.name()), stats.options());
        }
      }
    }
    long fareBound = smallSketches.feature("fare").orElseThrow().numbers().quantiles().rankErrorBound();
    assertTrue(fareBound > 0, "k = 64 over 10,000 values compacts, so the bound is not 0");
  }

  private static void assertQuantilesWithinBound(FeatureStatistics s, ExactColumn exact, StatisticsOptions options) {
    NumericStatistics.Quantiles q = s.numbers().quantiles();
    long n = exact.sorted.length;
    long bound = q.rankErrorBound();
    assertTrue(bound <= QuantileSketch.aPrioriBound(n, options.quantileSketchK()),
        s.name() + ": tracked bound " + bound + " exceeds the a-priori bound");
    assertEquals((double) bound / n, q.rankError(), 1e-15);
    assertEquals(options.quantiles() + 1, q.points().size());
    for (NumericStatistics.QuantilePoint p : q.points()) {
      double target = p.rank() * n;
      String at = s.name() + " quantile " + p.rank() + " = " + p.value();
      assertTrue(exact.countBelow(p.value()) <= target + bound, at + ": too many values below");
      assertTrue(exact.countAtMost(p.value()) >= target - bound, at + ": too few values up to it");
    }
  }

  @Test
  void histogramsAddUpAndEachBucketIsWithinItsBound() {
    for (Statistics stats : List.of(byDefault, smallSketches)) {
      for (FeatureStatistics s : stats.features()) {
        if (s.kind() != FeatureKind.NUMERIC) {
          continue;
        }
        ExactColumn exact = new ExactColumn(rows, s.name());
        NumericStatistics.Histogram h = s.numbers().histogram();
        assertEquals(stats.options().histogramBuckets(), h.buckets().size(), s.name());
        assertEquals(2 * s.numbers().quantiles().rankErrorBound(), h.countErrorBound());
        long sum = 0;
        for (int b = 0; b < h.buckets().size(); b++) {
          NumericStatistics.Bucket bucket = h.buckets().get(b);
          boolean last = b == h.buckets().size() - 1;
          long truth = (last ? exact.countAtMost(bucket.high()) : exact.countBelow(bucket.high()))
              - exact.countBelow(bucket.low());
          assertTrue(Math.abs(truth - bucket.count()) <= h.countErrorBound(),
              s.name() + " bucket " + b + ": " + bucket.count() + " vs exact " + truth);
          sum += bucket.count();
        }
        assertEquals(exact.sorted.length, sum, s.name() + ": bucket counts add up to the values");
        assertEquals(exact.sorted[0], h.buckets().get(0).low());
        assertEquals(exact.sorted[exact.sorted.length - 1], h.buckets().get(h.buckets().size() - 1).high());
      }
    }
  }

  @Test
  void lowCardinalityStringsHaveExactTopValuesAndDistinctCounts() {
    for (String column : List.of("payment_type", "company")) {
      FeatureStatistics s = byDefault.feature(column).orElseThrow();
      ExactColumn exact = new ExactColumn(rows, column);
      StringStatistics str = s.strings();
      assertEquals(exact.count, s.count(), column);
      assertEquals(exact.missing, s.missing(), column);
      assertTrue(str.distinctExact(), column);
      assertEquals(0.0, str.distinctRelativeError());
      assertEquals(exact.frequencies.size(), str.distinct(), column + " distinct");
      assertEquals(0, str.topCountErrorBound());
      assertEquals(exactTop(exact, 20), str.top(), column + " top values");
      assertEquals((double) exact.totalLength / exact.count, str.averageLength(), 1e-12, column + " average length");
      assertNull(s.numbers());
    }
    assertTrue(byDefault.feature("company").orElseThrow().missing() > 0, "company has empty fields");
  }

  @Test
  void withFewCountersDistinctComesFromHyperLogLogAndTopCountsStayWithinTheirBound() {
    FeatureStatistics s = smallSketches.feature("company").orElseThrow();
    ExactColumn exact = new ExactColumn(rows, "company");
    StringStatistics str = s.strings();
    assertFalse(str.distinctExact());
    double rse = 1.04 / Math.sqrt(1 << 14);
    assertEquals(rse, str.distinctRelativeError(), 1e-15);
    double truth = exact.frequencies.size();
    assertTrue(Math.abs(str.distinct() - truth) <= 3 * rse * truth + 1,
        "distinct " + str.distinct() + " vs exact " + truth);
    long bound = str.topCountErrorBound();
    assertTrue(bound > 0 && bound <= exact.count / (4 / 2 + 1), "bound " + bound);
    assertEquals(3, str.top().size());
    for (StringStatistics.ValueCount vc : str.top()) {
      long trueCount = exact.frequencies.get(vc.value());
      assertTrue(vc.count() <= trueCount && trueCount <= vc.count() + bound, vc + " vs exact " + trueCount);
    }
    // The most frequent company is far ahead of the rest, so even 4 counters find it.
    assertEquals(exactTop(exact, 1).get(0).value(), str.top().get(0).value());
  }

  private static List<StringStatistics.ValueCount> exactTop(ExactColumn exact, int k) {
    List<StringStatistics.ValueCount> all = new ArrayList<>();
    exact.frequencies.forEach((v, c) -> all.add(new StringStatistics.ValueCount(v, c)));
    all.sort(Comparator.comparingLong(StringStatistics.ValueCount::count).reversed()
        .thenComparing(StringStatistics.ValueCount::value));
    return all.subList(0, Math.min(k, all.size()));
  }

  @Test
  void jsonHasSortedKeysAndReadsBackEqual() {
    String json = StatisticsJson.toJson(byDefault);
    assertEquals(byDefault, StatisticsJson.fromJson(json));
    assertEquals(json, StatisticsJson.toJson(StatisticsJson.fromJson(json)));
    assertTrue(json.startsWith("{\"features\":[{\"count\":"), json.substring(0, 40));
    assertTrue(json.contains("\"kind\":\"numeric\""));
    assertNotNull(byDefault.feature("fare").orElseThrow().numbers().quantiles());
  }

  private static void assertRelative(double expected, double actual, double relative, String what) {
    double tolerance = relative * Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertEquals(expected, actual, tolerance, what);
  }
}
