package dev.kiln.ml.train;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Reads the features and the label of a training row, with one-line errors for missing values. */
final class RowReader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String label;
  private final String[] features;
  private transient Schema lastSchema;
  private transient int[] positions;
  private transient int labelPosition;

  RowReader(String label, List<String> features) {
    this.label = label;
    this.features = features.toArray(String[]::new);
  }

  /** The label value, or null. */
  Object label(Row row) {
    locate(row.getSchema());
    return row.getValue(labelPosition);
  }

  /** The feature vector; a null feature is an error (the preprocess step imputes missing values). */
  double[] features(Row row) {
    locate(row.getSchema());
    double[] x = new double[features.length];
    for (int i = 0; i < x.length; i++) {
      Object v = row.getValue(positions[i]);
      if (v == null) {
        throw new TrainingInputException("feature '" + features[i] + "' is null in a training row; "
            + "impute missing values in preprocess (or leave the column out of 'features')");
      }
      x[i] = ((Number) v).doubleValue();
    }
    return x;
  }

  private void locate(Schema schema) {
    if (schema == lastSchema) {
      return;
    }
    int[] p = new int[features.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = schema.indexOf(features[i]);
    }
    labelPosition = schema.indexOf(label);
    positions = p;
    lastSchema = schema;
  }
}
