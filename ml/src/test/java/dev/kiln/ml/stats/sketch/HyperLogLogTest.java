package dev.kiln.ml.stats.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HyperLogLogTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 10, 100, 1_000, 10_000, 40_000, 100_000, 1_000_000})
  void estimatesAreWithinThreeStandardErrorsAcrossTheRange(int distinct) {
    HyperLogLog hll = new HyperLogLog(14);
    for (int i = 0; i < distinct; i++) {
      String value = "value-" + i;
      hll.addHash(StringHash.hash64(value));
      hll.addHash(StringHash.hash64(value)); // duplicates do not count
    }
    double error = Math.abs(hll.estimate() - distinct) / distinct;
    assertTrue(error <= 3 * hll.relativeStandardError(), distinct + " distinct: estimate " + hll.estimate());
  }

  @Test
  void emptySketchEstimatesZero() {
    assertEquals(0.0, new HyperLogLog(10).estimate());
  }

  @Test
  void statedErrorIsTheUsualOneOverRootM() {
    assertEquals(1.04 / 128, HyperLogLog.relativeStandardError(14), 1e-15);
  }

  @Test
  void mergingPartsEqualsOneSketchOverEverything() throws IOException {
    HyperLogLog whole = new HyperLogLog(12);
    HyperLogLog a = new HyperLogLog(12);
    HyperLogLog b = new HyperLogLog(12);
    for (int i = 0; i < 50_000; i++) {
      long h = StringHash.hash64(Integer.toString(i));
      whole.addHash(h);
      (i % 3 == 0 ? a : b).addHash(h);
    }
    a.merge(b);
    assertEquals(whole.estimate(), a.estimate());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.encode(new DataOutputStream(bytes));
    HyperLogLog copy = HyperLogLog.decode(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(whole.estimate(), copy.estimate());
  }

  @Test
  void rejectsPrecisionOutOfRangeAndMixedMerges() {
    assertThrows(IllegalArgumentException.class, () -> new HyperLogLog(3));
    assertThrows(IllegalArgumentException.class, () -> new HyperLogLog(19));
    assertThrows(IllegalArgumentException.class, () -> new HyperLogLog(10).merge(new HyperLogLog(11)));
  }

  @Test
  void hashIsStableAcrossRuns() {
    // A fixed value: distinct counts of stored statistics must not change with the JVM.
    assertEquals(StringHash.hash64("Cash"), StringHash.hash64(new String("Cash".toCharArray())));
    assertTrue(StringHash.hash64("a") != StringHash.hash64("b"));
  }
}
