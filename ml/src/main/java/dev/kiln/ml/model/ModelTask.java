package dev.kiln.ml.model;

import java.util.Locale;

/** What a model predicts: one of two classes, one of several classes, or a number. */
public enum ModelTask {
  BINARY,
  MULTICLASS,
  REGRESSION;

  /** The name used in configs and model documents ({@code binary}, {@code multiclass}, {@code regression}). */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the model predicts classes. */
  public boolean isClassification() {
    return this != REGRESSION;
  }

  /** The task named {@code name}; a one-line error lists the known names. */
  public static ModelTask parse(String name) {
    for (ModelTask t : values()) {
      if (t.jsonName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown task '" + name + "'; use binary, multiclass or regression");
  }
}
