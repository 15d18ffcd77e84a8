package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result does not depend on how rows are split into parts: exact figures are equal, moments
 * equal up to rounding, the distinct-count sketch identical, sketch answers within their bounds.
 */
class MergeIndependenceTest {
  private static Schema schema;
  private static List<Row> rows;
  /** Small sketches, so that the quantile and top-k sketches really approximate. */
  private static final StatisticsOptions OPTIONS =
      StatisticsOptions.defaults().withQuantileSketchK(32).withHeavyHitterCapacity(8).withTopK(3);

  @TempDir static Path dir;

  @BeforeAll
  static void load() {
    schema = TaxiData.csvSchema();
    rows = TaxiData.csvRows(schema);
  }

  @Test
  void randomPartitionsMergedInRandomOrderGiveTheSameStatistics() throws IOException {
    StatisticsCombineFn fn = StatisticsCombineFn.of(schema, OPTIONS);
    Statistics whole = fn.extractOutput(accumulate(fn, rows));
    Random random = new Random(7);
    for (int trial = 0; trial < 5; trial++) {
      List<Row> shuffled = new ArrayList<>(rows);
      Collections.shuffle(shuffled, random);
      int parts = 2 + random.nextInt(40);
      List<StatisticsAccumulator> accumulators = new ArrayList<>();
      int from = 0;
      for (int p = 0; p < parts; p++) {
        int to = p == parts - 1 ? shuffled.size() : from + random.nextInt(2 * shuffled.size() / parts + 1);
        to = Math.min(to, shuffled.size());
        // Through the coder, as a runner would ship a part to another worker.
        accumulators.add(roundTrip(accumulate(fn, shuffled.subList(from, to))));
        from = to;
      }
      Statistics merged = fn.extractOutput(mergeAsATree(fn, accumulators, random));
      assertSameStatistics(whole, merged, "trial " + trial + " with " + parts + " parts");
      assertWithinBounds(merged);
    }
  }

  @Test
  void theDirectRunnersBundlesGiveWhatOneAccumulatorGives() {
    StatisticsRun run = new StatisticsRun(dir);
    // Create's source is split into several bundles, each folded into its own accumulator.
    run.capture("bundles", run.pipeline().apply(Create.of(rows).withRowSchema(schema))
        .apply(DatasetStatistics.of().withOptions(OPTIONS)));
    Statistics bundles = run.run().get("bundles");
    StatisticsCombineFn fn = StatisticsCombineFn.of(schema, OPTIONS);
    assertSameStatistics(fn.extractOutput(accumulate(fn, rows)), bundles, "one accumulator vs bundles");
    assertWithinBounds(bundles);
  }

  private static StatisticsAccumulator accumulate(StatisticsCombineFn fn, List<Row> part) {
    StatisticsAccumulator acc = fn.createAccumulator();
    for (Row row : part) {
      fn.addInput(acc, row);
    }
    return acc;
  }

  private static StatisticsAccumulator roundTrip(StatisticsAccumulator acc) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StatisticsAccumulatorCoder.of().encode(acc, bytes);
    return StatisticsAccumulatorCoder.of().decode(new ByteArrayInputStream(bytes.toByteArray()));
  }

  /** Merges random pairs or triples until one is left. */
  private static StatisticsAccumulator mergeAsATree(
      StatisticsCombineFn fn, List<StatisticsAccumulator> parts, Random random) {
    List<StatisticsAccumulator> pool = new ArrayList<>(parts);
    while (pool.size() > 1) {
      Collections.shuffle(pool, random);
      int take = Math.min(pool.size(), 2 + random.nextInt(2));
      List<StatisticsAccumulator> group = new ArrayList<>(pool.subList(0, take));
      pool.subList(0, take).clear();
      pool.add(fn.mergeAccumulators(group));
    }
    return pool.get(0);
  }

  static void assertSameStatistics(Statistics expected, Statistics actual, String context) {
    assertEquals(expected.rows(), actual.rows(), context);
    for (FeatureStatistics e : expected.features()) {
      FeatureStatistics a = actual.feature(e.name()).orElseThrow();
      String at = context + ", " + e.name();
      assertEquals(e.count(), a.count(), at);
      assertEquals(e.missing(), a.missing(), at);
      if (e.kind() == FeatureKind.NUMERIC && e.numbers().min() != null) {
        assertEquals(e.numbers().min(), a.numbers().min(), at);
        assertEquals(e.numbers().max(), a.numbers().max(), at);
        assertEquals(e.numbers().zeros(), a.numbers().zeros(), at);
        assertEquals(e.numbers().mean(), a.numbers().mean(), 1e-12 * Math.abs(e.numbers().mean()) + 1e-300, at);
        assertEquals(e.numbers().stdDev(), a.numbers().stdDev(), 1e-9 * e.numbers().stdDev() + 1e-300, at);
      }
      if (e.kind() == FeatureKind.STRING) {
        StringStatistics es = e.strings();
        StringStatistics as = a.strings();
        if (es.averageLength() == null) {
          assertEquals(null, as.averageLength(), at);
        } else {
          assertEquals(es.averageLength(), as.averageLength(), 1e-12, at);
        }
        assertEquals(es.empty(), as.empty(), at);
        if (!es.distinctExact() && !as.distinctExact()) {
          // Register-wise maximum: the HyperLogLog is the same whatever the split.
          assertEquals(es.distinct(), as.distinct(), at + " distinct estimate");
        }
      }
    }
  }

  /** Quantiles within their stated bound, top counts within theirs, against an exact computation. */
  private static void assertWithinBounds(Statistics s) {
    for (FeatureStatistics f : s.features()) {
      ExactColumn exact = new ExactColumn(rows, f.name());
      if (f.kind() == FeatureKind.NUMERIC && f.numbers().quantiles() != null) {
        long bound = f.numbers().quantiles().rankErrorBound();
        for (NumericStatistics.QuantilePoint p : f.numbers().quantiles().points()) {
          double target = p.rank() * exact.sorted.length;
          assertTrue(exact.countBelow(p.value()) <= target + bound, f.name() + " " + p);
          assertTrue(exact.countAtMost(p.value()) >= target - bound, f.name() + " " + p);
        }
      }
      if (f.kind() == FeatureKind.STRING) {
        long bound = f.strings().topCountErrorBound();
        for (StringStatistics.ValueCount vc : f.strings().top()) {
          long truth = exact.frequencies.get(vc.value());
          assertTrue(vc.count() <= truth && truth <= vc.count() + bound, f.name() + " " + vc + " vs " + truth);
        }
      }
    }
  }
}
