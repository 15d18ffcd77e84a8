package dev.kiln.ml.evaluate;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One evaluated example: its label, the model's prediction and the values of the slice features.
 *
 * <ul>
 *   <li>{@link ModelTask#BINARY}: label 0 or 1, prediction {@code [p]} with p the probability of 1;
 *   <li>{@link ModelTask#MULTICLASS}: label the class index, prediction the K class probabilities;
 *   <li>{@link ModelTask#REGRESSION}: label the value, prediction {@code [value]}.
 * </ul>
 *
 * A label of {@code NaN} means the raw row had no label: the example is counted as unlabeled and left
 * out of the metrics.
 *
 * @param slices slice feature name to its value in the raw row ({@link SliceKey#MISSING} when null)
 */
public record ScoredExample(ModelTask task, double label, double[] prediction, Map<String, String> slices) {

  public ScoredExample {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(prediction, "prediction");
    if (prediction.length == 0 || (task != ModelTask.MULTICLASS && prediction.length != 1)) {
      throw new IllegalArgumentException("a " + task.jsonName() + " prediction has "
          + (task == ModelTask.MULTICLASS ? "one value per class" : "one value") + ", not " + prediction.length);
    }
    slices = slices == null ? Map.of() : new TreeMap<>(slices);
  }

  /** A binary example: {@code label} 0 or 1 (NaN: unlabeled), {@code probability} of class 1. */
  public static ScoredExample binary(double label, double probability, Map<String, String> slices) {
    return new ScoredExample(ModelTask.BINARY, label, new double[] {probability}, slices);
  }

  /** A multiclass example: {@code label} the class index (NaN: unlabeled), one probability per class. */
  public static ScoredExample multiclass(double label, double[] probabilities, Map<String, String> slices) {
    return new ScoredExample(ModelTask.MULTICLASS, label, probabilities.clone(), slices);
  }

  /** A regression example: the true {@code label} (NaN: unlabeled) and the predicted {@code value}. */
  public static ScoredExample regression(double label, double value, Map<String, String> slices) {
    return new ScoredExample(ModelTask.REGRESSION, label, new double[] {value}, slices);
  }

  /** Whether the raw row had a label. */
  public boolean labeled() {
    return !Double.isNaN(label);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoredExample e && task == e.task && Double.compare(label, e.label) == 0
        && Arrays.equals(prediction, e.prediction) && slices.equals(e.slices);
  }

  @Override
  public int hashCode() {
    return Objects.hash(task, label, Arrays.hashCode(prediction), slices);
  }

  @Override
  public String toString() {
    return "ScoredExample[" + task.jsonName() + ", label=" + label + ", prediction=" + Arrays.toString(prediction) + ", slices=" + slices + "]";
  }
}
