package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;

/**
 * The learned parameters of a model, in plain JSON: linear weights (binary logistic regression and
 * linear regression), softmax weights (multiclass logistic regression) or a tree ensemble. Every kind
 * predicts from a feature vector in the order of the model's {@code features}.
 */
public sealed interface ModelParameters extends Serializable permits LinearWeights, SoftmaxWeights, TreeEnsemble {

  /** The value of {@code "type"} in the JSON. */
  String type();

  /** Whether these parameters can make predictions of {@code task} with {@code classCount} classes. */
  boolean fits(ModelTask task, int classCount, int featureCount);

  /** The prediction for {@code x} (features in model order). */
  Prediction predict(double[] x, ModelTask task, String[] classes);

  /**
   * The prediction for a sparse vector of {@code termCount} terms: {@code values[j]} at term
   * {@code terms[j]} (a term may repeat; the values add up), zero elsewhere. Linear parameters cost the
   * number of pairs; others make the dense vector first.
   */
  default Prediction predictSparse(int[] terms, double[] values, int termCount, ModelTask task, String[] classes) {
    double[] x = new double[termCount];
    for (int j = 0; j < terms.length; j++) {
      x[terms[j]] += values[j];
    }
    return predict(x, task, classes);
  }

  /** The JSON object, keyed by feature and class names where it has them. */
  ObjectNode toJson(List<String> features, List<String> classes);

  /** Reads parameters written by {@link #toJson}; errors name the JSON path. */
  static ModelParameters fromJson(JsonNode node, List<String> features, List<String> classes) {
    String type = JsonFields.text(node, "type", "parameters");
    return switch (type) {
      case LinearWeights.TYPE -> LinearWeights.fromJson(node, features);
      case SoftmaxWeights.TYPE -> SoftmaxWeights.fromJson(node, features, classes);
      case TreeEnsemble.TYPE -> TreeEnsemble.fromJson(node, features);
      default -> throw new IllegalArgumentException("parameters.type: unknown '" + type + "'; expected linear, softmax or forest");
    };
  }
}
