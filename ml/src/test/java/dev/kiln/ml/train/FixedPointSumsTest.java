package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The distributed trainer's sums are the same bits whatever order and grouping the terms come in. */
class FixedPointSumsTest {

  /** Terms of mixed sign and magnitude, like gradient contributions. */
  private static List<Double> terms(int n, long seed) {
    Random r = new Random(seed);
    List<Double> t = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t.add((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12) - 6));
    }
    return t;
  }

  /** Adds the terms in bundles of random sizes, then merges the bundles in the given order. */
  private static double sumInBundles(List<Double> terms, long seed) {
    Random r = new Random(seed);
    List<FixedPointSums> bundles = new ArrayList<>();
    int i = 0;
    while (i < terms.size()) {
      FixedPointSums b = new FixedPointSums(1);
      int size = 1 + r.nextInt(500);
      for (int k = 0; k < size && i < terms.size(); k++, i++) {
        b.add(0, terms.get(i));
      }
      bundles.add(b);
    }
    Collections.shuffle(bundles, r);
    FixedPointSums total = new FixedPointSums(1);
    bundles.forEach(total::add);
    return total.get(0);
  }

  @Test
  void anyOrderAndAnyBundlingGiveTheSameBits() {
    List<Double> t = terms(20_000, 1);
    double first = sumInBundles(t, 2);
    for (long seed = 3; seed < 8; seed++) {
      List<Double> shuffled = new ArrayList<>(t);
      Collections.shuffle(shuffled, new Random(seed));
      assertEquals(Double.doubleToRawLongBits(first), Double.doubleToRawLongBits(sumInBundles(shuffled, seed)),
          "order and bundles " + seed);
    }
  }

  @Test
  void plainDoubleSumsOfTheSameTermsDependOnTheOrder() {
    // why the trainer does not add doubles: the same terms in another order give other bits
    List<Double> t = terms(20_000, 1);
    double forward = 0;
    for (double v : t) {
      forward += v;
    }
    List<Double> shuffled = new ArrayList<>(t);
    Collections.shuffle(shuffled, new Random(9));
    double other = 0;
    for (double v : shuffled) {
      other += v;
    }
    assertNotEquals(forward, other);
  }

  @Test
  void theSumIsTheExactSumWithinTheCutOfEachTerm() {
    List<Double> t = terms(20_000, 4);
    BigDecimal exact = BigDecimal.ZERO;
    FixedPointSums s = new FixedPointSums(1);
    for (double v : t) {
      exact = exact.add(new BigDecimal(v));
      s.add(0, v);
    }
    double err = Math.abs(exact.doubleValue() - s.get(0));
    assertTrue(err <= 20_000 * 0x1p-63 + Math.ulp(exact.doubleValue()), "error " + err);
  }

  @Test
  void smallNegativeSumsKeepTheirPrecision() {
    FixedPointSums s = new FixedPointSums(2);
    s.add(0, 1.0);
    s.add(0, -1.0 - 3e-12);
    assertEquals((-1.0 - 3e-12) + 1.0, s.get(0), 0, "exact: the two doubles differ by less than a factor 2 (Sterbenz)");
    s.add(1, -0.25);
    s.add(1, -0.5);
    assertEquals(-0.75, s.get(1), 0);
  }

  @Test
  void encodesAndDecodesExactly() throws IOException {
    FixedPointSums s = new FixedPointSums(3);
    s.add(0, -7.125);
    s.add(1, 1e-9);
    s.add(2, 123456.789);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.encode(new DataOutputStream(bytes));
    FixedPointSums back = FixedPointSums.decode(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    for (int i = 0; i < 3; i++) {
      assertEquals(s.get(i), back.get(i), 0);
    }
  }

  @Test
  void aHugeTermSaysToStandardize() {
    FixedPointSums s = new FixedPointSums(1);
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> s.add(0, 1e17));
    assertTrue(e.getMessage().contains("standardize the features"), e.getMessage());
    assertThrows(ArithmeticException.class, () -> s.add(0, Double.NaN));
  }
}
