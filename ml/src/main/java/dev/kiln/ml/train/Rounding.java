package dev.kiln.ml.train;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Rounds what a trainer computes by summing over rows to {@value #DIGITS} significant digits. Runners
 * add the rows' contributions in whatever order their bundles finish, and floating-point addition is
 * not associative: the last bits of a sum differ from run to run. Rounded, the same data gives the
 * same model document bytes (and fingerprint), so the steps after {@code train} stay cached.
 */
final class Rounding {
  static final int DIGITS = 10;
  private static final MathContext CONTEXT = new MathContext(DIGITS);

  private Rounding() {}

  static double round(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    return new BigDecimal(v).round(CONTEXT).doubleValue();
  }

  static double[] round(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = round(values[i]);
    }
    return out;
  }
}
