package dev.kiln.ml.model;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * Scores transformed rows with a model's parameters. Build it once per worker (for example in a
 * DoFn's {@code @Setup} from the model JSON, or keep a serialized instance in the DoFn: it is
 * {@link Serializable}) and call {@link #predict(Row)} per row. The row must carry every feature
 * column of the model, as a number, not null (a one-hot index may be null: it sets no term); other
 * columns are ignored.
 */
public final class ModelScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelTask task;
  private final FeatureLayout layout;
  private final String[] classes;
  private final ModelParameters parameters;

  private ModelScorer(ModelDocument model) {
    this.task = model.task();
    this.layout = model.layout();
    this.classes = model.classes().toArray(String[]::new);
    this.parameters = model.parameters();
  }

  /** A scorer for {@code model}. */
  public static ModelScorer of(ModelDocument model) {
    return new ModelScorer(model);
  }

  /** A scorer for the model document {@code json}. */
  public static ModelScorer fromJson(String json) {
    return new ModelScorer(ModelDocument.fromJson(json));
  }

  public ModelTask task() {
    return task;
  }

  /** The feature columns a row must have. */
  public List<String> features() {
    return layout.columns();
  }

  /** The classes in the order of {@link Prediction#probabilities()}; empty for regression. */
  public List<String> classes() {
    return List.of(classes);
  }

  /**
   * The prediction for a transformed row: one (term, value) pair per feature column, so a one-hot
   * column costs one weight look-up whatever its width. Thread-safe.
   */
  public Prediction predict(Row row) {
    int[] terms = new int[layout.columnCount()];
    double[] values = new double[terms.length];
    layout.read(row, terms, values, 0);
    return parameters.predictSparse(terms, values, layout.termCount(), task, classes);
  }

  /** The prediction for a dense vector of the model's terms ({@link FeatureLayout#termNames()}). */
  public Prediction predict(double[] x) {
    if (x.length != layout.termCount()) {
      throw new IllegalArgumentException("the model has " + layout.termCount() + " feature terms, the vector " + x.length);
    }
    return parameters.predict(x, task, classes);
  }

  /** The row's features as a dense vector of terms; a one-line error names a missing, null or non-numeric feature. */
  public double[] featureVector(Row row) {
    return layout.dense(row);
  }
}
