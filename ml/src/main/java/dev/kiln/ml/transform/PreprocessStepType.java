package dev.kiln.ml.transform;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** The {@code preprocess} step type, announced to Kiln through {@code META-INF/services}. */
public final class PreprocessStepType implements StepType {
  @Override
  public String name() {
    return PreprocessStep.TYPE;
  }

  @Override
  public Class<?> configClass() {
    return PreprocessConfig.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new PreprocessStep((PreprocessConfig) config);
  }
}
