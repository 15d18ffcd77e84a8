package dev.kiln.ml.validate;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** Registers {@code uses: validate} ({@link ValidateStep}) through ServiceLoader. */
public final class ValidateStepType implements StepType {
  @Override
  public String name() {
    return ValidateStep.TYPE;
  }

  @Override
  public Class<?> configClass() {
    return ValidateStep.Config.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new ValidateStep((ValidateStep.Config) config);
  }
}
