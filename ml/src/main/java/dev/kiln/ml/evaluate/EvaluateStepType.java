package dev.kiln.ml.evaluate;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/**
 * The {@code evaluate} step type (registered through ServiceLoader). The no-argument constructor
 * scores with {@link ModelScorerFactory}: Kiln Model documents, their TransformGraph applied to raw rows.
 */
public final class EvaluateStepType implements StepType {
  private final ScorerFactory scorers;

  /** Steps that score with Kiln Model documents (graph + model on raw rows). */
  public EvaluateStepType() {
    this(new ModelScorerFactory());
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
