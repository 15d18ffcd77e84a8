package dev.kiln.ml.train;

import dev.kiln.ml.model.FeatureLayout;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Reads the features and the label of a training row, with one-line errors for missing values. The
 * features are read through a {@link FeatureLayout}: one (term, value) pair per column, a one-hot
 * column's index becoming its term.
 */
final class RowReader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String label;
  private final FeatureLayout layout;
  private transient Schema lastSchema;
  private transient int labelPosition;

  RowReader(String label, FeatureLayout layout) {
    this.label = label;
    this.layout = layout;
  }

  /** A reader of numeric columns only. */
  RowReader(String label, List<String> features) {
    this(label, FeatureLayout.dense(features));
  }

  FeatureLayout layout() {
    return layout;
  }

  /** The label value, or null. */
  Object label(Row row) {
    if (row.getSchema() != lastSchema) {
      labelPosition = row.getSchema().indexOf(label);
      lastSchema = row.getSchema();
    }
    return row.getValue(labelPosition);
  }

  /** The row's (term, value) pairs into {@code terms[at ..]} and {@code values[at ..]}, one per column. */
  void read(Row row, int[] terms, double[] values, int at) {
    try {
      layout.read(row, terms, values, at);
    } catch (IllegalArgumentException e) {
      throw new TrainingInputException(e.getMessage().replace("; the model needs a value for every feature (impute it in preprocess)",
          " in a training row; impute missing values in preprocess (or leave the column out of 'features')"));
    }
  }

  /** The dense feature vector over the layout's terms (the local trainer's form). */
  double[] features(Row row) {
    int[] terms = new int[layout.columnCount()];
    double[] values = new double[terms.length];
    read(row, terms, values, 0);
    double[] x = new double[layout.termCount()];
    for (int j = 0; j < terms.length; j++) {
      x[terms[j]] += values[j];
    }
    return x;
  }
}
