package dev.kiln.ml.transform;

import org.apache.beam.sdk.schemas.Schema;

/** What a feature's values are, whatever their exact Beam type: a number, text, or true/false. */
public enum ValueKind {
  NUMBER,
  STRING,
  BOOLEAN;

  /** The kind of a Beam field type, or null when preprocessing cannot use it as a feature. */
  public static ValueKind of(Schema.TypeName type) {
    return switch (type) {
      case BYTE, INT16, INT32, INT64, FLOAT, DOUBLE -> NUMBER;
      case STRING -> STRING;
      case BOOLEAN -> BOOLEAN;
      default -> null;
    };
  }

  /**
   * The value in its canonical form for this kind (Double, String or Boolean); null stays null, and a
   * NaN or infinite number becomes null: it counts as missing (and is imputed, when asked).
   */
  public Object canonical(Object raw) {
    if (raw == null) {
      return null;
    }
    return switch (this) {
      case NUMBER -> {
        double d = ((Number) raw).doubleValue();
        yield Double.isFinite(d) ? d : null;
      }
      case STRING -> raw.toString();
      case BOOLEAN -> (Boolean) raw;
    };
  }

  /**
   * The text a canonical value is looked up and hashed by: a string as is, {@code true}/{@code false},
   * a whole number without a decimal point (so INT64 7 and DOUBLE 7.0 agree), else Java's
   * {@link Double#toString}.
   */
  public static String key(Object canonical) {
    if (canonical instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return Long.toString(d.longValue());
      }
      return d.toString();
    }
    return canonical.toString();
  }

  /** The canonical value of a key text, for ordering keys and reading fitted values back. */
  public Object fromKey(String key) {
    return switch (this) {
      case NUMBER -> Double.parseDouble(key);
      case STRING -> key;
      case BOOLEAN -> Boolean.parseBoolean(key);
    };
  }

  /** Orders canonical values of this kind: numbers numerically, text by {@link String#compareTo}, false before true. */
  @SuppressWarnings("unchecked")
  public int compare(Object a, Object b) {
    return ((Comparable<Object>) a).compareTo(b);
  }

  /** The value as a double for numeric operations (true is 1, false 0). */
  public static double number(Object canonical) {
    if (canonical instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return (Double) canonical;
  }
}
