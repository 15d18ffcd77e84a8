package dev.kiln.ml.evaluate;

import java.io.Serializable;

/**
 * Builds a {@link Scorer} from a Model document's JSON. The {@code evaluate} step calls it once per
 * worker for the candidate model and once for the baseline. The model module provides the real
 * implementation; {@link #NOT_WIRED} stands in until it is wired into {@link EvaluateStepType}.
 */
@FunctionalInterface
public interface ScorerFactory extends Serializable {
  /**
   * @param modelJson the Model document
   * @param columns the label column (null: the model's own) and the slice columns to report
   */
  Scorer create(String modelJson, EvalColumns columns);

  /** A factory that fails with a clear message: no model scorer has been wired in yet. */
  ScorerFactory NOT_WIRED = new NotWired();

  /** See {@link #NOT_WIRED}. */
  final class NotWired implements ScorerFactory {
    private NotWired() {}

    @Override
    public Scorer create(String modelJson, EvalColumns columns) {
      throw new IllegalStateException("evaluate: no model scorer is wired in yet (ScorerFactory.NOT_WIRED); "
          + "construct EvaluateStepType with a ScorerFactory that reads Model documents");
    }

    private Object readResolve() {
      return NOT_WIRED;
    }
  }
}
