package dev.kiln.ml.train;

import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.Prediction;
import dev.kiln.ml.model.TrainingMetrics;
import java.io.Serializable;

/**
 * Mergeable training figures of one model over labeled points: the mean loss (log loss for
 * classification, squared error for regression), accuracy, RMSE and, for binary models, the AUC from a
 * {@value #BINS}-bin histogram of the positive-class probability (within about 1/{@value #BINS} of
 * the exact AUC: only pairs in the same bin count as ties). Both backends report their training
 * metrics with this class, so the figures mean the same.
 */
final class FitMeasure implements Serializable {
  static final int BINS = 2048;
  /** Probabilities are clipped to [EPS, 1-EPS] in the log loss, so one confident mistake cannot make it infinite. */
  private static final double EPS = 1e-15;
  private static final long serialVersionUID = 1L;

  private final ModelTask task;
  private long n;
  /** Summed exactly ({@link FixedPointSums}): the same figure whatever order the rows come in. */
  private final FixedPointSums loss = new FixedPointSums(1);
  private long correct;
  private long[] positives;
  private long[] negatives;

  FitMeasure(ModelTask task) {
    this.task = task;
    if (task == ModelTask.BINARY) {
      positives = new long[BINS];
      negatives = new long[BINS];
    }
  }

  /** Adds one prediction and its target (class index or value). */
  void add(Prediction p, double target) {
    n++;
    if (task == ModelTask.REGRESSION) {
      double r = p.value() - target;
      loss.add(0, r * r);
      return;
    }
    int y = (int) target;
    double py = p.probabilities()[y];
    loss.add(0, -Math.log(Math.min(1 - EPS, Math.max(EPS, py))));
    if (p.classIndex() == y) {
      correct++;
    }
    if (task == ModelTask.BINARY) {
      int bin = (int) Math.min(BINS - 1, Math.max(0, Math.floor(p.value() * BINS)));
      (y == 1 ? positives : negatives)[bin]++;
    }
  }

  FitMeasure merge(FitMeasure other) {
    n += other.n;
    loss.add(other.loss);
    correct += other.correct;
    if (positives != null) {
      for (int i = 0; i < BINS; i++) {
        positives[i] += other.positives[i];
        negatives[i] += other.negatives[i];
      }
    }
    return this;
  }

  ModelTask task() {
    return task;
  }

  long count() {
    return n;
  }

  /** The mean loss (log loss, or mean squared error for regression). */
  double meanLoss() {
    return n == 0 ? Double.NaN : loss.get(0) / n;
  }

  /** The figures as training metrics, with {@code skipped} rows that had no label. */
  TrainingMetrics metrics(long skipped) {
    Double accuracy = task.isClassification() ? (double) correct / n : null;
    // sums of doubles are rounded (their last bits depend on the order of addition); counts are exact
    Double rmse = task == ModelTask.REGRESSION ? Rounding.round(Math.sqrt(meanLoss())) : null;
    return new TrainingMetrics(n, skipped, Rounding.round(meanLoss()), accuracy,
        task == ModelTask.BINARY ? auc() : null, rmse, null, null);
  }

  /** The AUC from the histograms: P(score of a positive > score of a negative), ties counted half. */
  double auc() {
    long pos = 0;
    long neg = 0;
    for (int i = 0; i < BINS; i++) {
      pos += positives[i];
      neg += negatives[i];
    }
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    double pairs = 0;
    long negativesBelow = 0;
    for (int i = 0; i < BINS; i++) {
      pairs += positives[i] * (negativesBelow + 0.5 * negatives[i]);
      negativesBelow += negatives[i];
    }
    return pairs / ((double) pos * neg);
  }
}
