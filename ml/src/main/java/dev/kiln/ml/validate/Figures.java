package dev.kiln.ml.validate;

import dev.kiln.ml.stats.TextTable;

/** Numbers in anomaly descriptions. */
final class Figures {
  private Figures() {}

  /** Up to 6 significant digits, integers as they are. */
  static String format(double x) {
    return TextTable.number(x);
  }

  /** A distance to 4 significant digits. */
  static String distance(double x) {
    return x == 0 ? "0" : new java.math.BigDecimal(x).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
