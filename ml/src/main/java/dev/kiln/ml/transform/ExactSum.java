package dev.kiln.ml.transform;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The exact sum of doubles, whatever the order they are added and merged in: the sum is kept as a
 * few non-overlapping partial sums (Shewchuk's algorithm, as in Python's {@code math.fsum}), whose
 * total is the true sum with no rounding. So a fit gives the same mean and standard deviation, to the
 * last bit, however a runner splits and merges the data, and the fitted graph's bytes are stable.
 */
final class ExactSum {
  private double[] partials = new double[4];
  private int size;

  /** Adds {@code x} exactly; {@code x} must be finite. */
  void add(double x) {
    int kept = 0;
    for (int j = 0; j < size; j++) {
      double y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) {
        partials[kept++] = lo;
      }
      x = hi;
    }
    if (!Double.isFinite(x)) {
      throw new ArithmeticException("a sum of feature values overflows a double");
    }
    if (kept == partials.length) {
      partials = Arrays.copyOf(partials, kept * 2);
    }
    partials[kept++] = x;
    size = kept;
  }

  /** Adds {@code x * x} exactly (the rounded product and its rounding error, by a fused multiply-add). */
  void addSquare(double x) {
    double hi = x * x;
    add(hi);
    add(Math.fma(x, x, -hi));
  }

  void add(ExactSum other) {
    for (int i = 0; i < other.size; i++) {
      add(other.partials[i]);
    }
  }

  /** The exact sum. */
  BigDecimal value() {
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < size; i++) {
      sum = sum.add(new BigDecimal(partials[i]));
    }
    return sum;
  }

  void encode(DataOutput out) throws IOException {
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeDouble(partials[i]);
    }
  }

  static ExactSum decode(DataInput in) throws IOException {
    ExactSum s = new ExactSum();
    int n = in.readInt();
    s.partials = new double[Math.max(4, n)];
    for (int i = 0; i < n; i++) {
      s.partials[i] = in.readDouble();
    }
    s.size = n;
    return s;
  }
}
