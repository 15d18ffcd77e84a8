package dev.kiln.core.io.csv;

/**
 * Strict parsers for CSV field text, written to run once per field of millions of rows: they
 * scan the characters directly, never throw on bad input, and leave the parsed value in a field
 * of this (single-threaded) instance instead of allocating.
 *
 * <p>Surrounding spaces and tabs are ignored. A long is an optional sign and decimal digits that
 * fit in 64 bits. A double is a decimal number with an optional fraction and exponent ({@code
 * -1.5}, {@code .5}, {@code 3.}, {@code 1e-3}) or NaN / Infinity / inf with an optional sign,
 * case-insensitively; unlike {@link Double#parseDouble}, hex floats and type suffixes such as
 * {@code 1d} are not numbers. A boolean is {@code true} or {@code false}, case-insensitively.
 */
final class CsvValueParser {
  /** Exact powers of ten as doubles; 10^22 is the largest that a double holds exactly. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1.0;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10.0;
    }
  }

  /** Mantissas below 2^53 convert to double exactly, the condition of the fast path. */
  private static final long MAX_EXACT_MANTISSA = 1L << 53;

  private long longValue;
  private double doubleValue;
  private boolean booleanValue;
  private long timestampMillis;

  long longValue() {
    return longValue;
  }

  double doubleValue() {
    return doubleValue;
  }

  boolean booleanValue() {
    return booleanValue;
  }

  /** The last timestamp parsed by {@link #parseTimestamp}. */
  org.joda.time.Instant timestampValue() {
    return new org.joda.time.Instant(timestampMillis);
  }

  /**
   * Parses {@code yyyy-MM-dd}, optionally followed by {@code T} or a space and {@code HH:mm},
   * {@code :ss}, a fraction of up to 9 digits (non-zero only to the millisecond), and {@code Z} or
   * an offset {@code ±HH:mm} / {@code ±HHmm}; without an offset the time is UTC. False when {@code s}
   * is not such a timestamp or names a day or time that does not exist.
   */
  boolean parseTimestamp(String s) {
    int end = trimmedEnd(s);
    int i = trimmedStart(s, end);
    if (end - i < 10 || s.charAt(i + 4) != '-' || s.charAt(i + 7) != '-') {
      return false;
    }
    int year = digits(s, i, 4);
    int month = digits(s, i + 5, 2);
    int day = digits(s, i + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return false;
    }
    long millis = java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400_000L;
    i += 10;
    if (i < end) {
      char sep = s.charAt(i);
      if ((sep != 'T' && sep != ' ') || end - i < 6 || s.charAt(i + 3) != ':') {
        return false;
      }
      int hour = digits(s, i + 1, 2);
      int minute = digits(s, i + 4, 2);
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        return false;
      }
      millis += hour * 3_600_000L + minute * 60_000L;
      i += 6;
      if (i < end && s.charAt(i) == ':') {
        int second = end - i >= 3 ? digits(s, i + 1, 2) : -1;
        if (second < 0 || second > 59) {
          return false;
        }
        millis += second * 1000L;
        i += 3;
        if (i < end && s.charAt(i) == '.') {
          int k = 0;
          int fraction = 0;
          for (i++; i < end && k < 9 && Character.isDigit(s.charAt(i)); i++, k++) {
            int d = s.charAt(i) - '0';
            if (k < 3) {
              fraction = fraction * 10 + d;
            } else if (d != 0) {
              return false; // finer than a millisecond: DATETIME cannot hold it
            }
          }
          if (k == 0) {
            return false;
          }
          for (int pad = k; pad < 3; pad++) {
            fraction *= 10;
          }
          millis += fraction;
        }
      }
      if (i < end) {
        char z = s.charAt(i);
        if (z == 'Z' && i + 1 == end) {
          i++;
        } else if (z == '+' || z == '-') {
          int rest = end - i - 1;
          int oh = rest >= 2 ? digits(s, i + 1, 2) : -1;
          int om = rest == 5 && s.charAt(i + 3) == ':' ? digits(s, i + 4, 2) : rest == 4 ? digits(s, i + 3, 2) : rest == 2 ? 0 : -1;
          if (oh < 0 || oh > 18 || om < 0 || om > 59) {
            return false;
          }
          long offset = oh * 3_600_000L + om * 60_000L;
          millis -= z == '+' ? offset : -offset;
          i = end;
        } else {
          return false;
        }
      }
    }
    if (i != end) {
      return false;
    }
    timestampMillis = millis;
    return true;
  }

  /** The non-negative number written by {@code n} ASCII digits at {@code at}, or -1. */
  private static int digits(String s, int at, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      char c = s.charAt(at + k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Parses a long into {@link #longValue()}; false when {@code s} is not one. */
  boolean parseLong(String s) {
    int end = trimmedEnd(s);
    int i = trimmedStart(s, end);
    if (i == end) {
      return false;
    }
    boolean negative = false;
    char first = s.charAt(i);
    if (first == '-' || first == '+') {
      negative = first == '-';
      if (++i == end) {
        return false;
      }
    }
    // Accumulate negatively so that Long.MIN_VALUE parses without overflow.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyLimit = limit / 10;
    long result = 0;
    for (; i < end; i++) {
      int digit = s.charAt(i) - '0';
      if (digit < 0 || digit > 9 || result < multiplyLimit) {
        return false;
      }
      result *= 10;
      if (result < limit + digit) {
        return false;
      }
      result -= digit;
    }
    longValue = negative ? result : -result;
    return true;
  }

  /** Parses a double into {@link #doubleValue()}; false when {@code s} is not one. */
  boolean parseDouble(String s) {
    int end = trimmedEnd(s);
    int start = trimmedStart(s, end);
    int i = start;
    if (i == end) {
      return false;
    }
    boolean negative = false;
    char c = s.charAt(i);
    if (c == '-' || c == '+') {
      negative = c == '-';
      i++;
    }
    long mantissa = 0;
    int significantDigits = 0;
    int digits = 0;
    int exponent = 0;
    for (; i < end && isDigit(c = s.charAt(i)); i++) {
      digits++;
      if (mantissa != 0 || c != '0') {
        significantDigits++;
        if (significantDigits <= 18) {
          mantissa = mantissa * 10 + (c - '0');
        }
      }
    }
    if (i < end && s.charAt(i) == '.') {
      i++;
      for (; i < end && isDigit(c = s.charAt(i)); i++) {
        digits++;
        if (mantissa != 0 || c != '0') {
          significantDigits++;
          if (significantDigits <= 18) {
            mantissa = mantissa * 10 + (c - '0');
          }
        }
        exponent--;
      }
    }
    if (digits == 0) {
      return parseSpecialDouble(s, start, end);
    }
    if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < end && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        negativeExponent = s.charAt(i) == '-';
        i++;
      }
      int exponentDigits = 0;
      int explicitExponent = 0;
      for (; i < end && isDigit(c = s.charAt(i)); i++) {
        exponentDigits++;
        if (explicitExponent < 100_000) {
          explicitExponent = explicitExponent * 10 + (c - '0');
        }
      }
      if (exponentDigits == 0) {
        return false;
      }
      exponent += negativeExponent ? -explicitExponent : explicitExponent;
    }
    if (i != end) {
      return false;
    }
    if (significantDigits <= 18 && mantissa < MAX_EXACT_MANTISSA && Math.abs(exponent) < POWERS_OF_TEN.length) {
      // Both operands are exact doubles, so one IEEE multiply or divide rounds correctly.
      double value = exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
      doubleValue = negative ? -value : value;
      return true;
    }
    // Rare (long mantissas, large exponents): the JDK's correctly rounded parser.
    doubleValue = Double.parseDouble(s.substring(start, end));
    return true;
  }

  /** Parses {@code true} / {@code false} into {@link #booleanValue()}. */
  boolean parseBoolean(String s) {
    int end = trimmedEnd(s);
    int start = trimmedStart(s, end);
    if (s.regionMatches(true, start, "true", 0, 4) && end - start == 4) {
      booleanValue = true;
      return true;
    }
    if (s.regionMatches(true, start, "false", 0, 5) && end - start == 5) {
      booleanValue = false;
      return true;
    }
    return false;
  }

  private boolean parseSpecialDouble(String s, int start, int end) {
    int i = start;
    boolean negative = false;
    if (s.charAt(i) == '-' || s.charAt(i) == '+') {
      negative = s.charAt(i) == '-';
      i++;
    }
    int length = end - i;
    if (length == 3 && s.regionMatches(true, i, "nan", 0, 3) && i == start) {
      doubleValue = Double.NaN;
      return true;
    }
    if ((length == 3 && s.regionMatches(true, i, "inf", 0, 3))
        || (length == 8 && s.regionMatches(true, i, "infinity", 0, 8))) {
      doubleValue = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      return true;
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int trimmedEnd(String s) {
    int end = s.length();
    while (end > 0 && isBlank(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static int trimmedStart(String s, int end) {
    int start = 0;
    while (start < end && isBlank(s.charAt(start))) {
      start++;
    }
    return start;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
