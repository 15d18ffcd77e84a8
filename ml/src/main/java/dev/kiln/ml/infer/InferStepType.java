package dev.kiln.ml.infer;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** The {@code infer} step type (registered through ServiceLoader). */
public final class InferStepType implements StepType {
  @Override
  public String name() {
    return "infer";
  }

  @Override
  public Class<?> configClass() {
    return InferStep.Config.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new InferStep((InferStep.Config) config);
  }
}
