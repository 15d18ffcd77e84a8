package dev.kiln.ml.evaluate;

/** What a model predicts, which decides the metrics it is evaluated with. */
public enum ModelTask {
  /** Label 0 or 1; prediction = probability of class 1. */
  BINARY("binary"),
  /** Label = class index 0..K-1; prediction = the K class probabilities. */
  MULTICLASS("multiclass"),
  /** Label and prediction are real values. */
  REGRESSION("regression");

  private final String jsonName;

  ModelTask(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name used in Metrics documents. */
  public String jsonName() {
    return jsonName;
  }

  /** The task named {@code name} in a document, or an error naming the known ones. */
  public static ModelTask named(String name) {
    for (ModelTask t : values()) {
      if (t.jsonName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown model task '" + name + "'; tasks are binary, multiclass, regression");
  }
}
