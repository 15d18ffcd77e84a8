package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One binary decision tree, stored flat (arrays indexed by node) so scoring is a tight loop. A split
 * node sends a row to {@code gt} when {@code x[feature] > threshold} and to {@code le} otherwise;
 * a leaf holds a value vector: class probabilities in the model's class order, or one number for
 * regression. In JSON a tree is nested: {@code {"feature", "threshold", "le", "gt"}} or {@code {"value": [...]}}.
 */
public final class DecisionTree implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int root;
  private final int[] feature; // -1 marks a leaf
  private final double[] threshold;
  private final int[] le;
  private final int[] gt;
  private final double[][] value;

  private DecisionTree(int root, int[] feature, double[] threshold, int[] le, int[] gt, double[][] value) {
    this.root = root;
    this.feature = feature;
    this.threshold = threshold;
    this.le = le;
    this.gt = gt;
    this.value = value;
  }

  /** The leaf value vector that {@code x} reaches (not a copy: do not modify). */
  double[] leafValue(double[] x) {
    int n = root;
    while (feature[n] >= 0) {
      n = x[feature[n]] > threshold[n] ? gt[n] : le[n];
    }
    return value[n];
  }

  /** The leaf value that {@code x} reaches (a copy). */
  public double[] evaluate(double[] x) {
    return leafValue(x).clone();
  }

  /** The number of nodes, splits and leaves. */
  public int size() {
    return feature.length;
  }

  /** The largest feature index the tree reads, or -1 for a single leaf. */
  int maxFeature() {
    return Arrays.stream(feature).max().orElse(-1);
  }

  /** The length of every leaf's value vector (they all have the same), or -1 if they differ. */
  int valueLength() {
    int len = -2;
    for (int i = 0; i < feature.length; i++) {
      if (feature[i] < 0) {
        if (len == -2) {
          len = value[i].length;
        } else if (len != value[i].length) {
          return -1;
        }
      }
    }
    return len;
  }

  ObjectNode toJson(List<String> features) {
    return nodeJson(root, features);
  }

  private ObjectNode nodeJson(int n, List<String> features) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (feature[n] < 0) {
      var arr = node.putArray("value");
      for (double v : value[n]) {
        arr.add(v);
      }
    } else {
      node.put("feature", features.get(feature[n]));
      node.put("threshold", threshold[n]);
      node.set("le", nodeJson(le[n], features));
      node.set("gt", nodeJson(gt[n], features));
    }
    return node;
  }

  static DecisionTree fromJson(JsonNode node, List<String> features, String path) {
    Builder b = new Builder();
    int root = read(b, node, features, path);
    return b.build(root);
  }

  private static int read(Builder b, JsonNode node, List<String> features, String path) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path + " must be a tree node object");
    }
    JsonNode v = node.get("value");
    if (v != null) {
      if (!v.isArray() || v.isEmpty()) {
        throw new IllegalArgumentException(path + ".value must be a non-empty array of numbers");
      }
      double[] value = new double[v.size()];
      for (int i = 0; i < value.length; i++) {
        if (!v.get(i).isNumber()) {
          throw new IllegalArgumentException(path + ".value[" + i + "] must be a number, not " + v.get(i));
        }
        value[i] = v.get(i).asDouble();
      }
      return b.leaf(value);
    }
    String name = JsonFields.text(node, "feature", path);
    int f = features.indexOf(name);
    if (f < 0) {
      throw new IllegalArgumentException(path + ".feature '" + name + "' is not one of the model's features");
    }
    double t = JsonFields.number(node, "threshold", path);
    int left = read(b, node.get("le"), features, path + ".le");
    int right = read(b, node.get("gt"), features, path + ".gt");
    return b.split(f, t, left, right);
  }

  /** Builds a tree bottom-up: add children first, then the split that joins them; the last node added is usually the root. */
  public static final class Builder {
    private int size;
    private int[] feature = new int[16];
    private double[] threshold = new double[16];
    private int[] le = new int[16];
    private int[] gt = new int[16];
    private double[][] value = new double[16][];

    /** Adds a leaf with {@code value}; returns its index. */
    public int leaf(double[] leafValue) {
      int n = grow();
      feature[n] = -1;
      value[n] = leafValue.clone();
      return n;
    }

    /** Adds a split on feature index {@code f}; returns its index. */
    public int split(int f, double t, int lessOrEqual, int greater) {
      if (f < 0) {
        throw new IllegalArgumentException("feature index must be >= 0");
      }
      int n = grow();
      feature[n] = f;
      threshold[n] = t;
      le[n] = lessOrEqual;
      gt[n] = greater;
      return n;
    }

    /** The tree rooted at node {@code root}. */
    public DecisionTree build(int root) {
      return new DecisionTree(root, Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size),
          Arrays.copyOf(le, size), Arrays.copyOf(gt, size), Arrays.copyOf(value, size));
    }

    private int grow() {
      if (size == feature.length) {
        int n = size * 2;
        feature = Arrays.copyOf(feature, n);
        threshold = Arrays.copyOf(threshold, n);
        le = Arrays.copyOf(le, n);
        gt = Arrays.copyOf(gt, n);
        value = Arrays.copyOf(value, n);
      }
      return size++;
    }
  }
}
