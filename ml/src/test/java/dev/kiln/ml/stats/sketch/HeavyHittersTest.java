package dev.kiln.ml.stats.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeavyHittersTest {
  @Test
  void upToCapacityDistinctValuesCountsAreExact() {
    HeavyHitters hh = new HeavyHitters(10);
    for (int i = 0; i < 1000; i++) {
      hh.add("v" + (i % 10));
    }
    assertTrue(hh.isExact());
    assertEquals(10, hh.size());
    assertEquals(List.of(new HeavyHitters.Entry("v0", 100), new HeavyHitters.Entry("v1", 100)), hh.top(2));
  }

  @Test
  void beyondCapacityCountsAreLowerBoundsWithinTheTrackedError() throws IOException {
    Random random = new Random(5);
    Map<String, Long> truth = new HashMap<>();
    HeavyHitters a = new HeavyHitters(64);
    HeavyHitters b = new HeavyHitters(64);
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      // Zipf-like: a few frequent values and a long tail of rare ones.
      String v = "v" + (int) Math.floor(Math.exp(random.nextDouble() * 10));
      truth.merge(v, 1L, Long::sum);
      (random.nextBoolean() ? a : b).add(v);
    }
    a.merge(roundTrip(b));
    assertFalse(a.isExact());
    long bound = a.countErrorBound();
    assertTrue(bound > 0 && bound <= n / (64 / 2 + 1), "bound " + bound);
    for (HeavyHitters.Entry e : a.top(64)) {
      long t = truth.get(e.value());
      assertTrue(e.count() <= t && t <= e.count() + bound, e + " vs " + t);
    }
    // Any value more frequent than the bound must still be there.
    truth.forEach((v, c) -> {
      if (c > bound) {
        assertTrue(a.contains(v), v + " occurs " + c + " times but was dropped (bound " + bound + ")");
      }
    });
    assertEquals("v1", a.top(1).get(0).value(), "the most frequent value");
  }

  @Test
  void tiesAreOrderedByValue() {
    HeavyHitters hh = new HeavyHitters(8);
    for (String v : List.of("b", "a", "c", "a", "b", "c")) {
      hh.add(v);
    }
    assertEquals(List.of("a", "b", "c"), hh.top(3).stream().map(HeavyHitters.Entry::value).toList());
  }

  private static HeavyHitters roundTrip(HeavyHitters hh) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    hh.encode(new DataOutputStream(bytes));
    return HeavyHitters.decode(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
