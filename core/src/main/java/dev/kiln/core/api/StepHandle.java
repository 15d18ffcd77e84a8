package dev.kiln.core.api;

import dev.kiln.core.spec.InputRef;

/**
 * A step added to a {@link KilnPipeline}; as an {@link Output} it means the step's only (or main)
 * output. Typed builders return subclasses whose methods are the step's output ports ({@code
 * data.examples()}), so a port that does not exist is a compile error.
 */
public class StepHandle implements Output {
  private final String step;

  protected StepHandle(String step) {
    this.step = step;
  }

  /** The typed output port {@code port} of this step. */
  protected final <K extends Kind> Port<K> port(String port) {
    return Port.of(step, port);
  }

  public String name() {
    return step;
  }

  @Override
  public InputRef ref() {
    return new InputRef(step, null, null);
  }

  /** An output port, or a split of the step's only output: {@code splits.get("train")}. */
  public Output get(String portOrSplit) {
    InputRef r = new InputRef(step, portOrSplit, null);
    return () -> r;
  }

  /** A split of a named output port. */
  public Output get(String port, String split) {
    InputRef r = new InputRef(step, port, split);
    return () -> r;
  }
}
