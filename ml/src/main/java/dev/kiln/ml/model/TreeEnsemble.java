package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A forest of decision trees whose leaf values are averaged: class probabilities for classification
 * (a random forest's soft vote), the predicted number for regression.
 */
public final class TreeEnsemble implements ModelParameters {
  static final String TYPE = "forest";
  private static final long serialVersionUID = 1L;

  private final List<DecisionTree> trees;

  public TreeEnsemble(List<DecisionTree> trees) {
    if (trees.isEmpty()) {
      throw new IllegalArgumentException("a tree ensemble needs at least one tree");
    }
    this.trees = List.copyOf(trees);
  }

  public List<DecisionTree> trees() {
    return trees;
  }

  /** The mean of the trees' leaf values for {@code x}. */
  public double[] average(double[] x) {
    double[] sum = null;
    for (DecisionTree t : trees) {
      double[] v = t.leafValue(x);
      if (sum == null) {
        sum = new double[v.length];
      }
      for (int i = 0; i < v.length; i++) {
        sum[i] += v[i];
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= trees.size();
    }
    return sum;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean fits(ModelTask task, int classCount, int featureCount) {
    int outputs = task == ModelTask.REGRESSION ? 1 : classCount;
    return trees.stream().allMatch(t -> t.valueLength() == outputs && t.maxFeature() < featureCount);
  }

  @Override
  public Prediction predict(double[] x, ModelTask task, String[] classes) {
    double[] v = average(x);
    return switch (task) {
      case REGRESSION -> Prediction.regression(v[0]);
      case BINARY -> Prediction.binary(v[1], classes);
      case MULTICLASS -> Prediction.multiclass(v, classes);
    };
  }

  @Override
  public ObjectNode toJson(List<String> features, List<String> classes) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", TYPE);
    node.put("combine", "mean");
    var arr = node.putArray("trees");
    for (DecisionTree t : trees) {
      arr.add(t.toJson(features));
    }
    return node;
  }

  static TreeEnsemble fromJson(JsonNode node, List<String> features) {
    JsonNode arr = JsonFields.required(node, "trees", "parameters");
    if (!arr.isArray() || arr.isEmpty()) {
      throw new IllegalArgumentException("parameters.trees must be a non-empty array");
    }
    List<DecisionTree> trees = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      trees.add(DecisionTree.fromJson(arr.get(i), features, "parameters.trees[" + i + "]"));
    }
    return new TreeEnsemble(trees);
  }
}
