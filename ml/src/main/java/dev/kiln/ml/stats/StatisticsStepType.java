package dev.kiln.ml.stats;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** Registers {@code uses: statistics} ({@link StatisticsStep}) through ServiceLoader. */
public final class StatisticsStepType implements StepType {
  @Override
  public String name() {
    return StatisticsStep.TYPE;
  }

  @Override
  public Class<?> configClass() {
    return StatisticsStep.Config.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new StatisticsStep((StatisticsStep.Config) config);
  }
}
