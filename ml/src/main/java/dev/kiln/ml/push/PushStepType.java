package dev.kiln.ml.push;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** The {@code push} step type (registered through ServiceLoader). */
public final class PushStepType implements StepType {
  @Override
  public String name() {
    return "push";
  }

  @Override
  public Class<?> configClass() {
    return PushStep.Config.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new PushStep((PushStep.Config) config);
  }
}
