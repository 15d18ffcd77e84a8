package dev.kiln.ml.evaluate;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/**
 * The {@code evaluate} step type (registered through ServiceLoader). The no-argument constructor
 * uses {@link ScorerFactory#NOT_WIRED} until the model's scorer is wired in here.
 */
public final class EvaluateStepType implements StepType {
  private final ScorerFactory scorers;

  public EvaluateStepType() {
    this(ScorerFactory.NOT_WIRED);
  }

  /** A type whose steps score with {@code scorers} (tests, or another model format). */
  public EvaluateStepType(ScorerFactory scorers) {
    this.scorers = scorers;
  }

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public Class<?> configClass() {
    return EvaluateStep.Config.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new EvaluateStep((EvaluateStep.Config) config, scorers);
  }
}
