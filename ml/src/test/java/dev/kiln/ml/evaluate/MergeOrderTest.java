package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.core.spec.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Accumulators merged in any order, through their coder, give the same document bytes. */
class MergeOrderTest {

  @Test
  void binaryMergedInAnyOrderGivesTheSameMetrics() throws IOException {
    assertOrderIndependent(BinaryMetricsTest.randomBinary(6000, 5, List.of("a", "b")));
  }

  @Test
  void multiclassMergedInAnyOrderGivesTheSameMetrics() throws IOException {
    Random random = new Random(9);
    List<ScoredExample> examples = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double[] p = {random.nextDouble(), random.nextDouble(), random.nextDouble(), random.nextDouble()};
      double sum = p[0] + p[1] + p[2] + p[3];
      for (int k = 0; k < 4; k++) {
        p[k] /= sum;
      }
      examples.add(ScoredExample.multiclass(random.nextInt(4), p, Map.of()));
    }
    assertOrderIndependent(examples);
  }

  @Test
  void regressionMergedInAnyOrderGivesTheSameMetrics() throws IOException {
    Random random = new Random(13);
    List<ScoredExample> examples = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      double y = 50 + 20 * random.nextGaussian();
      examples.add(ScoredExample.regression(y, y + random.nextGaussian() * 4, Map.of()));
      if (i % 97 == 0) {
        examples.add(ScoredExample.regression(Double.NaN, 1, Map.of()));
      }
    }
    assertOrderIndependent(examples);
  }

  private static void assertOrderIndependent(List<ScoredExample> examples) throws IOException {
    String sequential = json(accumulate(examples));
    for (long seed = 0; seed < 5; seed++) {
      Random random = new Random(seed);
      List<ScoredExample> shuffled = new ArrayList<>(examples);
      Collections.shuffle(shuffled, random);
      List<MetricsAccumulator> parts = new ArrayList<>();
      int i = 0;
      while (i < shuffled.size()) {
        int size = 1 + random.nextInt(700);
        parts.add(roundTrip(accumulate(shuffled.subList(i, Math.min(shuffled.size(), i + size)))));
        i += size;
      }
      parts.add(new MetricsAccumulator(MetricsOptions.defaults())); // an empty bundle
      Collections.shuffle(parts, random);
      MetricsAccumulator merged = new MetricsCombineFn(MetricsOptions.defaults()).mergeAccumulators(parts);
      assertEquals(sequential, json(merged), "seed " + seed);
    }
  }

  private static MetricsAccumulator accumulate(List<ScoredExample> examples) {
    MetricsAccumulator a = new MetricsAccumulator(MetricsOptions.defaults());
    examples.forEach(a::add);
    return a;
  }

  private static MetricsAccumulator roundTrip(MetricsAccumulator a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetricsAccumulatorCoder.of().encode(a, out);
    return MetricsAccumulatorCoder.of().decode(new ByteArrayInputStream(out.toByteArray()));
  }

  private static String json(MetricsAccumulator a) {
    return CanonicalJson.of(a.toJson());
  }
}
