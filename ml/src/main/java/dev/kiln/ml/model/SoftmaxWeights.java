package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Multinomial logistic regression: per class a bias and one weight per feature; the class
 * probabilities are the softmax of {@code bias[k] + weights[k]·x}.
 */
public final class SoftmaxWeights implements ModelParameters {
  static final String TYPE = "softmax";
  private static final long serialVersionUID = 1L;

  private final double[] biases;
  private final double[][] weights;

  /** {@code biases[k]} and {@code weights[k]} belong to class k. */
  public SoftmaxWeights(double[] biases, double[][] weights) {
    if (biases.length != weights.length) {
      throw new IllegalArgumentException(biases.length + " biases for " + weights.length + " weight rows");
    }
    this.biases = biases.clone();
    this.weights = new double[weights.length][];
    for (int k = 0; k < weights.length; k++) {
      this.weights[k] = weights[k].clone();
    }
  }

  public double[] biases() {
    return biases.clone();
  }

  /** Class k's weights in feature order (a copy). */
  public double[] weights(int k) {
    return weights[k].clone();
  }

  /** The class probabilities for {@code x}. */
  public double[] probabilities(double[] x) {
    double[] z = new double[biases.length];
    for (int k = 0; k < z.length; k++) {
      double s = biases[k];
      double[] w = weights[k];
      for (int i = 0; i < w.length; i++) {
        s += w[i] * x[i];
      }
      z[k] = s;
    }
    return softmax(z);
  }

  /** The class probabilities for the sparse vector {@code values[j]} at term {@code terms[j]}. */
  public double[] probabilities(int[] terms, double[] values) {
    double[] z = new double[biases.length];
    for (int k = 0; k < z.length; k++) {
      double s = biases[k];
      double[] w = weights[k];
      for (int j = 0; j < terms.length; j++) {
        s += w[terms[j]] * values[j];
      }
      z[k] = s;
    }
    return softmax(z);
  }

  @Override
  public Prediction predictSparse(int[] terms, double[] values, int termCount, ModelTask task, String[] classes) {
    double[] p = probabilities(terms, values);
    return task == ModelTask.BINARY ? Prediction.binary(p[1], classes) : Prediction.multiclass(p, classes);
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double s : z) {
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      z[k] = Math.exp(z[k] - max); // shifted by the max so exp never overflows
      sum += z[k];
    }
    for (int k = 0; k < z.length; k++) {
      z[k] /= sum;
    }
    return z;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean fits(ModelTask task, int classCount, int featureCount) {
    return task.isClassification() && biases.length == classCount
        && java.util.Arrays.stream(weights).allMatch(w -> w.length == featureCount);
  }

  @Override
  public Prediction predict(double[] x, ModelTask task, String[] classes) {
    double[] p = probabilities(x);
    return task == ModelTask.BINARY ? Prediction.binary(p[1], classes) : Prediction.multiclass(p, classes);
  }

  @Override
  public ObjectNode toJson(List<String> features, List<String> classes) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", TYPE);
    ObjectNode b = node.putObject("bias");
    ObjectNode w = node.putObject("weights");
    for (int k = 0; k < biases.length; k++) {
      b.put(classes.get(k), biases[k]);
      ObjectNode row = w.putObject(classes.get(k));
      for (int i = 0; i < weights[k].length; i++) {
        row.put(features.get(i), weights[k][i]);
      }
    }
    return node;
  }

  static SoftmaxWeights fromJson(JsonNode node, List<String> features, List<String> classes) {
    JsonNode b = JsonFields.object(node, "bias", "parameters");
    JsonNode w = JsonFields.object(node, "weights", "parameters");
    double[] biases = new double[classes.size()];
    double[][] weights = new double[classes.size()][];
    for (int k = 0; k < classes.size(); k++) {
      String c = classes.get(k);
      biases[k] = JsonFields.number(b, c, "parameters.bias");
      weights[k] = JsonFields.byName(w.get(c), features, "parameters.weights." + c);
    }
    return new SoftmaxWeights(biases, weights);
  }
}
