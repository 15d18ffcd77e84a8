package dev.kiln.ml.evaluate;

import dev.kiln.ml.infer.ServingModel;
import dev.kiln.ml.model.Prediction;
import org.apache.beam.sdk.values.Row;

/**
 * Scores evaluation rows with a Kiln Model document: raw row → the model's TransformGraph → the model
 * ({@link ServingModel}), then the label as the evaluator counts it (binary: 1 for the positive class,
 * the last of the model's classes; multiclass: the class index; regression: the value).
 */
public final class ModelScorerFactory implements ScorerFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public Scorer create(String modelJson, EvalColumns columns) {
    return new ModelRowScorer(ServingModel.fromJson(modelJson), columns);
  }

  /** One model and the columns to read from each row. */
  static final class ModelRowScorer implements Scorer {
    private static final long serialVersionUID = 1L;
    private final ServingModel model;
    private final EvalColumns columns;
    private final ModelTask task;
    private final String labelColumn;

    ModelRowScorer(ServingModel model, EvalColumns columns) {
      this.model = model;
      this.columns = columns;
      this.task = ModelTask.valueOf(model.model().task().name());
      this.labelColumn = columns.labelColumn(model.model().label());
    }

    @Override
    public ScoredExample score(Row raw) {
      Prediction p = model.predict(raw);
      double label;
      double[] prediction;
      switch (task) {
        case REGRESSION -> {
          label = EvalColumns.numeric(raw, labelColumn);
          prediction = new double[] {p.value()};
        }
        case BINARY -> {
          label = classOf(raw);
          prediction = new double[] {p.probabilities()[1]};
        }
        default -> {
          label = classOf(raw);
          prediction = p.probabilities();
        }
      }
      return new ScoredExample(task, label, prediction, columns.sliceValues(raw));
    }

    private double classOf(Row raw) {
      Object v = EvalColumns.labelValue(raw, labelColumn);
      if (v == null) {
        return Double.NaN;
      }
      int i = model.classIndex(v);
      if (i < 0) {
        throw new IllegalArgumentException("label '" + labelColumn + "' has the value '" + v
            + "', which the model never saw in training; its classes are " + model.classes());
      }
      return i;
    }
  }
}
