package dev.kiln.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.step.Step;

/**
 * A step as the Java API builds it, before it is added to a pipeline: its type, its config (the same
 * JSON a YAML {@code with:} block gives), the class of a user step, and the dataset format of its
 * outputs. {@link #prebuilt()} carries a user's transform instance, used instead of a new one.
 */
public record StepDefinition(String uses, String className, JsonNode config, String format, Step prebuilt, String backend) {

  public StepDefinition(String uses, String className, JsonNode config, String format, Step prebuilt) {
    this(uses, className, config, format, prebuilt, null);
  }

  /** A copy whose dataset outputs are written as {@code avro} or {@code tfrecord}. */
  public StepDefinition format(String newFormat) {
    return new StepDefinition(uses, className, config, newFormat, prebuilt, backend);
  }

  /**
   * A copy that runs on the named backend ({@code direct}, {@code flink}, {@code dataflow}, or one added
   * through a {@link dev.kiln.core.run.BackendProvider}) instead of
   * the run's default; data reaches it from steps on other backends through committed artifacts.
   */
  public StepDefinition onBackend(String name) {
    if (!dev.kiln.core.spec.StepSpec.knownBackends().contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is not a backend; use one of " + dev.kiln.core.spec.StepSpec.knownBackends());
    }
    return new StepDefinition(uses, className, config, format, prebuilt, name);
  }
}
