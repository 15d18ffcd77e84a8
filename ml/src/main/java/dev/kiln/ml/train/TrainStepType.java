package dev.kiln.ml.train;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** The {@code train} step type (registered through ServiceLoader): config {@link TrainConfig}, step {@link TrainStep}. */
public final class TrainStepType implements StepType {
  public static final String NAME = "train";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> configClass() {
    return TrainConfig.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new TrainStep((TrainConfig) config);
  }
}
