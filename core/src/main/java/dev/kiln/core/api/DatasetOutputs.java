package dev.kiln.core.api;

/** The outputs of a step whose only output is a dataset named {@code examples} (split, derive, transform, avro, tfrecord). */
public final class DatasetOutputs extends StepHandle {
  DatasetOutputs(String step) {
    super(step);
  }

  /** The rows, in the splits the step gives them. */
  public Port<Kind.Dataset> examples() {
    return port("examples");
  }
}
