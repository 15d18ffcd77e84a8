package dev.kiln.ml.train;

import dev.kiln.ml.model.ModelAlgorithm;
import dev.kiln.ml.model.ModelTask;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task of a model and how a label value becomes a training target: a class index (the classes
 * sorted: numbers by value, strings and booleans by their text, so the positive class of a binary
 * model is {@code true}, {@code 1} or the later string) or, for regression, the number itself.
 */
public final class LabelEncoding implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelTask task;
  private final List<String> classes;
  private final Map<String, Integer> index = new HashMap<>();
  private final long rows;
  private final long skipped;

  LabelEncoding(ModelTask task, List<String> classes, long rows, long skipped) {
    this.task = task;
    this.classes = List.copyOf(classes);
    for (int i = 0; i < this.classes.size(); i++) {
      index.put(this.classes.get(i), i);
    }
    this.rows = rows;
    this.skipped = skipped;
  }

  public ModelTask task() {
    return task;
  }

  /** The class names in target order; empty for regression. */
  public List<String> classes() {
    return classes;
  }

  /** Rows with a label (the training rows). */
  public long rows() {
    return rows;
  }

  /** Rows left out because their label is null. */
  public long skipped() {
    return skipped;
  }

  /** The number of outputs of a linear model: one for binary and regression, one per class for multiclass. */
  public int outputs() {
    return task == ModelTask.MULTICLASS ? classes.size() : 1;
  }

  /** The training target of a (non-null) label: the class index, or the value for regression. */
  public double target(Object label) {
    if (task == ModelTask.REGRESSION) {
      return ((Number) label).doubleValue();
    }
    Integer i = index.get(LabelSummary.key(label));
    if (i == null) {
      throw new TrainingInputException("label value '" + label + "' is not one of the classes " + classes);
    }
    return i;
  }

  /**
   * The task and classes for {@code setup}'s algorithm given what the label column holds; a one-line
   * error says why the data cannot be trained on (no rows, one class, fractions in a class label, ...).
   */
  public static LabelEncoding infer(TrainingSetup setup, LabelSummary summary) {
    String label = "label '" + setup.label() + "'";
    long labelled = summary.rows - summary.nulls;
    if (summary.rows == 0) {
      throw new TrainingInputException("the training data is empty: no rows to train on");
    }
    if (labelled == 0) {
      throw new TrainingInputException(label + " is null in all " + summary.rows + " rows; nothing to train on");
    }
    ModelTask task = setup.requestedTask();
    if (task == null) {
      task = switch (setup.algorithm()) {
        case LINEAR -> ModelTask.REGRESSION;
        case LOGISTIC -> summary.values.size() == 2 ? ModelTask.BINARY : ModelTask.MULTICLASS;
        case RANDOM_FOREST -> !setup.numericLabel() ? (summary.values.size() == 2 ? ModelTask.BINARY : ModelTask.MULTICLASS)
            : (!summary.overflow && List.of("0", "1").containsAll(summary.values) ? ModelTask.BINARY : ModelTask.REGRESSION);
      };
    }
    if (task == ModelTask.REGRESSION) {
      if (!setup.numericLabel()) {
        throw new TrainingInputException(label + " is " + setup.labelType() + "; regression needs a numeric label");
      }
      return new LabelEncoding(task, List.of(), labelled, summary.nulls);
    }
    if (summary.overflow) {
      throw new TrainingInputException(label + " has more than " + LabelSummary.MAX_VALUES
          + " distinct values, too many classes; for a numeric target use algorithm linear or random_forest with task regression");
    }
    if (summary.fractional != null) {
      throw new TrainingInputException(label + " has the value " + summary.fractional + ", which is not a class;"
          + " classification needs boolean, string or whole-number labels (for regression use algorithm linear)");
    }
    List<String> classes = new ArrayList<>(summary.values);
    if (setup.numericLabel()) {
      classes.sort(Comparator.comparing(BigDecimal::new));
    }
    if (classes.size() < 2) {
      throw new TrainingInputException(label + " has only the value '" + classes.get(0)
          + "' in the training data; a classifier needs at least two classes");
    }
    if (task == ModelTask.BINARY && classes.size() != 2) {
      throw new TrainingInputException("task binary, but " + label + " has " + classes.size() + " values: " + abbreviate(classes));
    }
    if (task == ModelTask.MULTICLASS && classes.size() == 2) {
      throw new TrainingInputException("task multiclass, but " + label + " has only two values " + classes + "; use task binary");
    }
    if (setup.algorithm() == ModelAlgorithm.LINEAR) {
      throw new IllegalStateException("linear regression cannot classify"); // TrainConfig rejects this combination
    }
    return new LabelEncoding(task, classes, labelled, summary.nulls);
  }

  private static String abbreviate(List<String> values) {
    return values.size() <= 10 ? values.toString() : values.subList(0, 10) + " ...";
  }
}
