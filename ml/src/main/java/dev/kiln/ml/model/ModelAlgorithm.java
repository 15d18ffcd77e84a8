package dev.kiln.ml.model;

import java.util.Locale;

/** The learning algorithms a Kiln model can come from. */
public enum ModelAlgorithm {
  /** Logistic regression: binary (sigmoid) or multiclass (softmax). */
  LOGISTIC,
  /** Linear regression (squared loss). */
  LINEAR,
  /** A random forest of CART trees, for classification or regression. */
  RANDOM_FOREST;

  /** The name used in configs and model documents. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The algorithm named {@code name}; a one-line error lists the known names. */
  public static ModelAlgorithm parse(String name) {
    for (ModelAlgorithm a : values()) {
      if (a.jsonName().equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown algorithm '" + name + "'; use logistic, linear or random_forest");
  }

  /** Whether the algorithm can learn {@code task}. */
  public boolean supports(ModelTask task) {
    return switch (this) {
      case LOGISTIC -> task.isClassification();
      case LINEAR -> task == ModelTask.REGRESSION;
      case RANDOM_FOREST -> true;
    };
  }
}
