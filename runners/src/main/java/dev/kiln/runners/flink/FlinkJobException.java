package dev.kiln.runners.flink;

/**
 * A Flink job failed (or could not be submitted). The message is one line: the job, and the root
 * cause Flink reported — typically the exception a step's code threw — without the layers of runner
 * wrappers around it; the full chain stays available as the cause.
 */
public final class FlinkJobException extends RuntimeException {
  private final String jobId;

  private FlinkJobException(String message, String jobId, Throwable cause) {
    super(message, cause);
    this.jobId = jobId;
  }

  static FlinkJobException of(String name, String jobId, Throwable cause) {
    if (cause instanceof FlinkJobException f) {
      return f;
    }
    String job = "Flink job " + name + (jobId == null ? "" : " (" + jobId + ")");
    String verb = jobId == null ? " could not be submitted: " : " failed: ";
    return new FlinkJobException(job + verb + summary(cause), jobId, cause);
  }

  /** Flink's id of the job; null when it was never submitted. */
  public String jobId() {
    return jobId;
  }

  /** The deepest exception in the chain that has a message, as {@code SimpleName: first line}. */
  static String summary(Throwable e) {
    if (e == null) {
      return "unknown error";
    }
    Throwable best = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t;
      }
    }
    String message = best.getMessage() == null ? "" : best.getMessage().lines().findFirst().orElse("");
    String type = best.getClass().getSimpleName();
    // Flink ships a remote job's exceptions as SerializedThrowable whose message is the original
    // "class: message" already
    String line = type.equals("SerializedThrowable") ? message : type + (message.isEmpty() ? "" : ": " + message);
    return line.length() > 400 ? line.substring(0, 400) + "…" : line;
  }
}
