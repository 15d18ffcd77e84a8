package dev.kiln.ml.evaluate;

import java.io.Serializable;
import org.apache.beam.sdk.values.Row;

/**
 * Scores one raw example with a model: applies the model's own preprocessing and the model, and
 * returns the label, the prediction and the slice values ({@link EvalColumns#scored} builds the
 * result from a prediction). Created per worker by a {@link ScorerFactory}; must be serializable.
 */
@FunctionalInterface
public interface Scorer extends Serializable {
  /** The scored example of {@code raw}; throws with a message naming the column for a bad row. */
  ScoredExample score(Row raw);
}
