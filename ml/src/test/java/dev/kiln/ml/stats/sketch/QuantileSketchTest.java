package dev.kiln.ml.stats.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {
  private static final double[] FRACTIONS = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1};

  @Test
  void upToKValuesEveryQuantileIsTheExactLowerQuantile() {
    QuantileSketch sketch = new QuantileSketch(128);
    double[] values = new Random(1).doubles(128).toArray();
    for (double v : values) {
      sketch.add(v);
    }
    Arrays.sort(values);
    assertEquals(0, sketch.rankErrorBound());
    QuantileSketch.Queries q = sketch.queries();
    for (double f : FRACTIONS) {
      int index = Math.max(0, (int) Math.ceil(f * values.length) - 1);
      assertEquals(values[index], q.quantile(f), "fraction " + f);
    }
  }

  @Test
  void answersStayWithinTheTrackedBoundWhichStaysWithinTheAPrioriBound() {
    Random random = new Random(2);
    int n = 200_000;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      // Heavy ties and a long tail, in arrival order that is far from random.
      values[i] = i % 3 == 0 ? Math.floor(random.nextGaussian() * 5) : Math.exp(random.nextGaussian() * 3) + (i / 1000);
    }
    QuantileSketch sketch = new QuantileSketch(64);
    for (double v : values) {
      sketch.add(v);
    }
    assertEquals(n, sketch.count());
    assertTrue(sketch.rankErrorBound() > 0);
    assertTrue(sketch.rankErrorBound() <= QuantileSketch.aPrioriBound(n, 64),
        sketch.rankErrorBound() + " > " + QuantileSketch.aPrioriBound(n, 64));
    assertWithinBound(sketch, values);
  }

  @Test
  void mergedSketchesStayWithinTheSumOfTheirBounds() {
    Random random = new Random(3);
    List<QuantileSketch> parts = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    for (int p = 0; p < 37; p++) {
      QuantileSketch part = new QuantileSketch(32);
      int size = random.nextInt(5_000);
      for (int i = 0; i < size; i++) {
        double v = random.nextGaussian() * (p + 1) + p;
        part.add(v);
        all.add(v);
      }
      parts.add(part);
    }
    QuantileSketch merged = new QuantileSketch(32);
    long partBounds = 0;
    for (QuantileSketch part : parts) {
      partBounds += part.rankErrorBound();
      merged.merge(part);
    }
    assertEquals(all.size(), merged.count());
    assertTrue(merged.rankErrorBound() >= partBounds, "merging adds the parts' bounds");
    assertTrue(merged.rankErrorBound() <= QuantileSketch.aPrioriBound(all.size(), 32));
    assertWithinBound(merged, all.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Test
  void encodeAndDecodeGiveTheSameAnswers() throws IOException {
    QuantileSketch sketch = new QuantileSketch(16);
    new Random(4).doubles(10_000).forEach(sketch::add);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sketch.encode(new DataOutputStream(bytes));
    QuantileSketch copy = QuantileSketch.decode(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(sketch.count(), copy.count());
    assertEquals(sketch.rankErrorBound(), copy.rankErrorBound());
    for (double f : FRACTIONS) {
      assertEquals(sketch.queries().quantile(f), copy.queries().quantile(f));
    }
    copy.add(0.5); // a decoded sketch keeps working
    assertEquals(sketch.count() + 1, copy.count());
  }

  @Test
  void rejectsOddOrTinySizesAndMergesOfDifferentSizes() {
    assertThrows(IllegalArgumentException.class, () -> new QuantileSketch(33));
    assertThrows(IllegalArgumentException.class, () -> new QuantileSketch(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new QuantileSketch(32).merge(new QuantileSketch(64)));
    assertTrue(e.getMessage().contains("32") && e.getMessage().contains("64"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> new QuantileSketch(32).queries().quantile(0.5));
  }

  private static void assertWithinBound(QuantileSketch sketch, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    long bound = sketch.rankErrorBound();
    QuantileSketch.Queries q = sketch.queries();
    for (double f : FRACTIONS) {
      double value = q.quantile(f);
      long below = lowerIndex(sorted, value);
      long atMost = upperIndex(sorted, value);
      assertTrue(below <= f * sorted.length + bound, f + ": " + below + " below " + value + ", bound " + bound);
      assertTrue(atMost >= f * sorted.length - bound, f + ": " + atMost + " up to " + value + ", bound " + bound);
    }
    for (int i = 0; i < 50; i++) {
      double x = sorted[(int) ((long) i * (sorted.length - 1) / 49)];
      assertTrue(Math.abs(q.countBelow(x) - lowerIndex(sorted, x)) <= bound, "rank of " + x);
    }
  }

  /** The number of values below x. */
  private static long lowerIndex(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The number of values up to and including x. */
  private static long upperIndex(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
