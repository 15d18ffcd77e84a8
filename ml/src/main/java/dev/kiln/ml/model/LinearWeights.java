package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One weight per feature and a bias: {@code z = bias + Σ weights[i]·x[i]}. For regression z is the
 * prediction; for binary classification z is the log-odds of the positive class.
 */
public final class LinearWeights implements ModelParameters {
  static final String TYPE = "linear";
  private static final long serialVersionUID = 1L;

  private final double bias;
  private final double[] weights;

  public LinearWeights(double bias, double[] weights) {
    this.bias = bias;
    this.weights = weights.clone();
  }

  public double bias() {
    return bias;
  }

  /** The weights in feature order (a copy). */
  public double[] weights() {
    return weights.clone();
  }

  /** {@code bias + w·x}. */
  public double linear(double[] x) {
    double z = bias;
    for (int i = 0; i < weights.length; i++) {
      z += weights[i] * x[i];
    }
    return z;
  }

  /** {@code bias + Σ weights[terms[j]]·values[j]}: the sparse form of {@link #linear(double[])}. */
  public double linear(int[] terms, double[] values) {
    double z = bias;
    for (int j = 0; j < terms.length; j++) {
      z += weights[terms[j]] * values[j];
    }
    return z;
  }

  @Override
  public Prediction predictSparse(int[] terms, double[] values, int termCount, ModelTask task, String[] classes) {
    double z = linear(terms, values);
    return task == ModelTask.REGRESSION ? Prediction.regression(z) : Prediction.binary(sigmoid(z), classes);
  }

  /** The logistic function, computed without overflow for large |z|. */
  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean fits(ModelTask task, int classCount, int featureCount) {
    return (task == ModelTask.REGRESSION || task == ModelTask.BINARY) && weights.length == featureCount;
  }

  @Override
  public Prediction predict(double[] x, ModelTask task, String[] classes) {
    double z = linear(x);
    return task == ModelTask.REGRESSION ? Prediction.regression(z) : Prediction.binary(sigmoid(z), classes);
  }

  @Override
  public ObjectNode toJson(List<String> features, List<String> classes) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", TYPE);
    node.put("bias", bias);
    ObjectNode w = node.putObject("weights");
    for (int i = 0; i < weights.length; i++) {
      w.put(features.get(i), weights[i]);
    }
    return node;
  }

  static LinearWeights fromJson(JsonNode node, List<String> features) {
    return new LinearWeights(JsonFields.number(node, "bias", "parameters"),
        JsonFields.byName(node.get("weights"), features, "parameters.weights"));
  }
}
