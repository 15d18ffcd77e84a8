package dev.kiln.ml.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * A vector of sums that come out the same to the last bit whatever order the terms are added and
 * merged in. Each term is first cut, on its own, to a multiple of 2<sup>-63</sup> (a function of the
 * term alone), and the cut terms are then added exactly as 128-bit fixed-point integers (a signed
 * whole part and a 63-bit fraction). Integer addition is associative, so how a runner splits the rows
 * into bundles and merges the partial sums cannot change the result.
 *
 * <p>This is why the distributed trainer is deterministic: every pass gives the exact same loss and
 * gradient on every runner, so the optimizer takes the same steps, stops at the same iteration and
 * writes the same model bytes. Plain {@code double} sums would differ in their last bits with the
 * order of addition, and those differences can change a line-search or stopping decision. The cut
 * loses at most 2<sup>-63</sup> ≈ 1e-19 per term, far below what training can resolve. Terms must
 * be below 2<sup>52</sup> in magnitude and sums below 2<sup>63</sup>; beyond that an
 * {@link ArithmeticException} says to standardize the features.
 */
final class FixedPointSums implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double FRACTION = 0x1p63;
  private static final double LIMIT = 0x1p52;

  private final long[] whole;
  /** The fractions, each in [0, 2^63): units of 2^-63. */
  private final long[] fraction;

  FixedPointSums(int size) {
    whole = new long[size];
    fraction = new long[size];
  }

  int size() {
    return whole.length;
  }

  /** Adds {@code v} to entry {@code i}. */
  void add(int i, double v) {
    double a = Math.abs(v);
    if (!(a < LIMIT)) {
      throw new ArithmeticException("a training sum term is " + v + "; standardize the features in preprocess");
    }
    double f = Math.floor(a); // exact, and a - f is exact for a >= 0
    long w = (long) f;
    long q = (long) ((a - f) * FRACTION); // exact scaling by a power of two, then cut toward zero
    if (v < 0) { // -(w + q/2^63) = (-w - 1) + (2^63 - q)/2^63
      if (q == 0) {
        w = -w;
      } else {
        w = -w - 1;
        q = Long.MAX_VALUE - q + 1;
      }
    }
    long lo = fraction[i] + q; // both in [0, 2^63): the sum fits in 64 unsigned bits
    if (lo < 0) {
      lo &= Long.MAX_VALUE;
      w++;
    }
    fraction[i] = lo;
    whole[i] = Math.addExact(whole[i], w);
  }

  /** Adds every entry of {@code other} (of the same size). */
  void add(FixedPointSums other) {
    for (int i = 0; i < whole.length; i++) {
      long lo = fraction[i] + other.fraction[i];
      long w = other.whole[i];
      if (lo < 0) {
        lo &= Long.MAX_VALUE;
        w++;
      }
      fraction[i] = lo;
      whole[i] = Math.addExact(whole[i], w);
    }
  }

  /** Entry {@code i} as the nearest double (a function of the exact sum only). */
  double get(int i) {
    long w = whole[i];
    long q = fraction[i];
    if (w < 0 && q != 0) { // as a negative magnitude, so a small negative sum keeps its precision
      return -((double) (-w - 1) + (Long.MAX_VALUE - q + 1) / FRACTION);
    }
    return (double) w + q / FRACTION;
  }

  void encode(DataOutput out) throws IOException {
    out.writeInt(whole.length);
    for (int i = 0; i < whole.length; i++) {
      out.writeLong(whole[i]);
      out.writeLong(fraction[i]);
    }
  }

  static FixedPointSums decode(DataInput in) throws IOException {
    int n = in.readInt();
    FixedPointSums s = new FixedPointSums(n);
    for (int i = 0; i < n; i++) {
      s.whole[i] = in.readLong();
      s.fraction[i] = in.readLong();
    }
    return s;
  }
}
