package dev.kiln.core.spec;

/**
 * A mistake in a pipeline description, found before any Beam job starts. The message is one line
 * that names where the mistake is (file, step, key) and what to do about it.
 */
public class SpecException extends RuntimeException implements BadInput {
  public SpecException(String message) {
    super(message);
  }

  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A message of the form {@code where: step 'name': key 'k': what}, leaving out parts that are null. */
  public static SpecException at(String source, String step, String key, String what) {
    StringBuilder sb = new StringBuilder();
    if (source != null) {
      sb.append(source).append(": ");
    }
    if (step != null) {
      sb.append("step '").append(step).append("': ");
    }
    if (key != null) {
      sb.append("key '").append(key).append("': ");
    }
    return new SpecException(sb.append(what).toString());
  }
}
