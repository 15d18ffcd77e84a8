package dev.kiln.ml.evaluate;

/**
 * The keys metrics are combined under: {@link #OVERALL} for every example, and {@code feature=value}
 * for the examples whose slice feature has that value. Column names cannot contain '=' (Avro names),
 * so the first '=' separates the two parts.
 */
public final class SliceKey {
  /** The key of all examples. Empty, so that it cannot clash with a column named "overall". */
  public static final String OVERALL = "";

  /** The slice value of a null (missing) feature value. */
  public static final String MISSING = "(missing)";

  private SliceKey() {}

  /** The key of the slice {@code feature = value}. */
  public static String of(String feature, String value) {
    return feature + "=" + value;
  }

  /** The feature of a slice key (not {@link #OVERALL}). */
  public static String feature(String key) {
    return key.substring(0, key.indexOf('='));
  }

  /** The value of a slice key (not {@link #OVERALL}). */
  public static String value(String key) {
    return key.substring(key.indexOf('=') + 1);
  }
}
