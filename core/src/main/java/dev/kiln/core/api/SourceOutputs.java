package dev.kiln.core.api;

/** The outputs of a file source that rejects malformed rows ({@code csv}, {@code json}, {@code parquet}). */
public final class SourceOutputs extends StepHandle {
  SourceOutputs(String step) {
    super(step);
  }

  /** The rows read. */
  public Port<Kind.Dataset> examples() {
    return port("examples");
  }

  /** The malformed rows, with file, line and reason. */
  public Port<Kind.Dataset> rejected() {
    return port("rejected");
  }
}
