package dev.kiln.ml.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a model says about one row.
 *
 * <ul>
 *   <li>binary: {@link #value()} is the probability of the positive class (the last of the model's
 *       classes), {@link #probabilities()} holds both classes' probabilities, {@link #predictedClass()}
 *       is the positive class when the probability is at least 0.5;
 *   <li>multiclass: {@link #probabilities()} in the order of the model's classes, {@link #predictedClass()}
 *       the most probable one (the first on ties), {@link #value()} its probability;
 *   <li>regression: {@link #value()} is the predicted number; no classes.
 * </ul>
 */
public final class Prediction {
  private final ModelTask task;
  private final double value;
  private final double[] probabilities;
  private final int classIndex;
  private final String predictedClass;

  private Prediction(ModelTask task, double value, double[] probabilities, int classIndex, String predictedClass) {
    this.task = task;
    this.value = value;
    this.probabilities = probabilities;
    this.classIndex = classIndex;
    this.predictedClass = predictedClass;
  }

  /** A binary prediction: {@code positive} is the probability of {@code classes[1]}. */
  public static Prediction binary(double positive, String[] classes) {
    int index = positive >= 0.5 ? 1 : 0;
    return new Prediction(ModelTask.BINARY, positive, new double[] {1 - positive, positive}, index, classes[index]);
  }

  /** A multiclass prediction from probabilities in the order of {@code classes}. */
  public static Prediction multiclass(double[] probabilities, String[] classes) {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return new Prediction(ModelTask.MULTICLASS, probabilities[best], probabilities.clone(), best, classes[best]);
  }

  /** A regression prediction. */
  public static Prediction regression(double value) {
    return new Prediction(ModelTask.REGRESSION, value, null, -1, null);
  }

  public ModelTask task() {
    return task;
  }

  /** Binary: P(positive class); multiclass: the probability of the predicted class; regression: the value. */
  public double value() {
    return value;
  }

  /** The class probabilities in the model's class order (a copy); null for regression. */
  public double[] probabilities() {
    return probabilities == null ? null : probabilities.clone();
  }

  /** The index of the predicted class in the model's classes; -1 for regression. */
  public int classIndex() {
    return classIndex;
  }

  /** The predicted class (a label value as a string); null for regression. */
  public String predictedClass() {
    return predictedClass;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p && task == p.task && Double.compare(value, p.value) == 0
        && Arrays.equals(probabilities, p.probabilities) && classIndex == p.classIndex
        && Objects.equals(predictedClass, p.predictedClass);
  }

  @Override
  public int hashCode() {
    return Objects.hash(task, value, Arrays.hashCode(probabilities), classIndex);
  }

  @Override
  public String toString() {
    return switch (task) {
      case REGRESSION -> "Prediction[" + value + "]";
      default -> "Prediction[" + predictedClass + ", " + Arrays.toString(probabilities) + "]";
    };
  }
}
