package dev.kiln.ml.model;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Scores transformed rows with a model's parameters. Build it once per worker (for example in a
 * DoFn's {@code @Setup} from the model JSON, or keep a serialized instance in the DoFn: it is
 * {@link Serializable}) and call {@link #predict(Row)} per row. The row must carry every feature
 * column of the model, as a number, not null; other columns are ignored.
 */
public final class ModelScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelTask task;
  private final String[] features;
  private final String[] classes;
  private final ModelParameters parameters;
  /** The field positions of the features in the last schema seen: rows of a PCollection share one schema. */
  private transient Schema lastSchema;
  private transient int[] positions;

  private ModelScorer(ModelDocument model) {
    this.task = model.task();
    this.features = model.features().toArray(String[]::new);
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

  public List<String> features() {
    return List.of(features);
  }

  /** The classes in the order of {@link Prediction#probabilities()}; empty for regression. */
  public List<String> classes() {
    return List.of(classes);
  }

  /** The prediction for a transformed row. */
  public Prediction predict(Row row) {
    return predict(featureVector(row));
  }

  /** The prediction for a feature vector in the order of {@link #features()}. */
  public Prediction predict(double[] x) {
    if (x.length != features.length) {
      throw new IllegalArgumentException("the model has " + features.length + " features, the vector " + x.length);
    }
    return parameters.predict(x, task, classes);
  }

  /** The row's feature values in model order; a one-line error names a missing, null or non-numeric feature. */
  public double[] featureVector(Row row) {
    Schema schema = row.getSchema();
    if (schema != lastSchema) {
      positions = positionsIn(schema);
      lastSchema = schema;
    }
    double[] x = new double[features.length];
    for (int i = 0; i < x.length; i++) {
      Object v = row.getValue(positions[i]);
      if (v instanceof Number n) {
        x[i] = n.doubleValue();
      } else if (v == null) {
        throw new IllegalArgumentException("feature '" + features[i] + "' is null; the model needs a value "
            + "for every feature (impute it in preprocess)");
      } else {
        throw new IllegalArgumentException("feature '" + features[i] + "' is " + v.getClass().getSimpleName()
            + " '" + v + "', not a number");
      }
    }
    return x;
  }

  private int[] positionsIn(Schema schema) {
    int[] p = new int[features.length];
    for (int i = 0; i < features.length; i++) {
      if (!schema.hasField(features[i])) {
        throw new IllegalArgumentException("the row has no feature column '" + features[i] + "'; columns are "
            + schema.getFieldNames());
      }
      p[i] = schema.indexOf(features[i]);
    }
    return p;
  }
}
