package dev.kiln.ml.evaluate;

import java.util.List;

/**
 * Metrics of a multiclass classifier over one slice; the predicted class is the most probable one
 * (the lowest index on a tie).
 *
 * @param logLoss mean of -ln(probability of the true class), clipped at 1e-15
 * @param macroPrecision mean precision over the classes that were predicted at least once
 * @param macroRecall mean recall over the classes that occur in the labels
 * @param perClass precision and recall of each class (NaN where undefined)
 */
public record MulticlassMetrics(
    long examples, int classes, double accuracy, double logLoss, double macroPrecision, double macroRecall,
    List<ClassMetrics> perClass) {

  /** One class: its index, how often it is the label (support), how often predicted, precision, recall. */
  public record ClassMetrics(int index, long support, long predicted, double precision, double recall) {}
}
