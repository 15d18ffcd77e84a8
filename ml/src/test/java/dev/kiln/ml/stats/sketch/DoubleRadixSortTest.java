package dev.kiln.ml.stats.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The radix sort gives Arrays.sort's order bit for bit, so the sketch's compactions, and its bytes, stay the same. */
class DoubleRadixSortTest {
  private static void assertSortsLikeArraysSort(DoubleSupplier values, int size, DoubleRadixSort sorter) {
    double[] a = new double[size + 7]; // a longer array: only the prefix is sorted
    for (int i = 0; i < a.length; i++) {
      a[i] = values.getAsDouble();
    }
    double[] expected = a.clone();
    Arrays.sort(expected, 0, size);
    sorter.sort(a, size);
    // compare bits: -0.0 and 0.0 must come out in Arrays.sort's order too
    long[] want = Arrays.stream(expected).mapToLong(Double::doubleToRawLongBits).toArray();
    long[] got = Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray();
    assertArrayEquals(want, got);
  }

  @Test
  void sortsEveryKindOfValueInArraysSortsOrder() {
    Random r = new Random(7);
    DoubleRadixSort sorter = new DoubleRadixSort();
    double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, -1, 1e-300, -1e300};
    for (int size : new int[] {0, 1, 2, 3, 17, 2049, 16385}) {
      assertSortsLikeArraysSort(r::nextGaussian, size, sorter);
      assertSortsLikeArraysSort(() -> r.nextInt(24), size, sorter); // few distinct whole numbers
      assertSortsLikeArraysSort(() -> r.nextInt(5000) - 2500, size, sorter);
      assertSortsLikeArraysSort(() -> r.nextGaussian() * 1e12, size, sorter);
      assertSortsLikeArraysSort(() -> 42.5, size, sorter); // one value: every pass skipped
      assertSortsLikeArraysSort(() -> special[r.nextInt(special.length)], size, sorter);
      assertSortsLikeArraysSort(() -> Double.longBitsToDouble(r.nextLong() & 0x7FEFFFFFFFFFFFFFL) * (r.nextBoolean() ? 1 : -1), size, sorter);
    }
  }

  @Test
  void keysRoundTripAndOrderLikeDoubleCompare() {
    double[] values = {Double.NEGATIVE_INFINITY, -1e300, -1, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1, 1e300,
        Double.POSITIVE_INFINITY};
    for (int i = 0; i < values.length; i++) {
      assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(DoubleRadixSort.fromKey(DoubleRadixSort.toKey(values[i]))));
      if (i > 0) {
        assertEquals(-1, Long.compareUnsigned(DoubleRadixSort.toKey(values[i - 1]), DoubleRadixSort.toKey(values[i])));
      }
    }
  }

  /**
   * A sketch fed a million values encodes to the same bytes as with Arrays.sort: the SHA-256 was
   * recorded with the comparison sort (Kiln at commit b6e295b).
   */
  @Test
  void aSketchsBytesAreThoseOfTheComparisonSort() throws IOException {
    QuantileSketch sketch = new QuantileSketch(2048);
    Random r = new Random(3);
    for (int i = 0; i < 1_000_000; i++) {
      sketch.add(i % 3 == 0 ? r.nextInt(2500) : r.nextGaussian() * 40);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sketch.encode(new DataOutputStream(bytes));
    assertEquals(EXPECTED_SHA256, dev.kiln.core.fingerprint.Sha256.hex(bytes.toByteArray()));
  }

  private static final String EXPECTED_SHA256 = "48797915283e387809f1b08cec57cef11ad0a900d42d027be3bf2464a76f8937";
}
