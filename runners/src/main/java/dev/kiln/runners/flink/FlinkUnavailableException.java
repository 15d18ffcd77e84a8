package dev.kiln.runners.flink;

import dev.kiln.core.spec.SpecException;

/**
 * Flink cannot take the job, found before anything is submitted: the cluster does not answer, is not a
 * Flink REST endpoint, runs another Flink version, has no TaskManager, or the job's jar is missing.
 * Like a {@link SpecException} it is a problem the user fixes (start the cluster, correct
 * {@code --flink-master}, build the jar), so its message is one line that says what to do.
 */
public class FlinkUnavailableException extends SpecException {
  public FlinkUnavailableException(String message) {
    super(message);
  }

  public FlinkUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
