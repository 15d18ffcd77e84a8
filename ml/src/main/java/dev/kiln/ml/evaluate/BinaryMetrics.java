package dev.kiln.ml.evaluate;

import java.util.List;

/**
 * Metrics of a binary classifier over one slice. Undefined values are NaN (null in JSON): AUC without
 * both classes, precision without predicted positives, recall and calibration without positives.
 *
 * @param auc area under the ROC curve from the score histogram (ties count one half)
 * @param aucErrorBound |auc - exact AUC| is at most this: half the share of positive/negative pairs
 *     whose scores fall in the same histogram bucket (pairs in different buckets are ordered exactly)
 * @param logLoss mean cross-entropy, probabilities clipped to [1e-15, 1 - 1e-15]
 * @param accuracy share of examples whose thresholded prediction equals the label
 * @param precision true positives / predicted positives, at the threshold
 * @param recall true positives / positives, at the threshold
 * @param calibration mean prediction / mean label (1 is calibrated in the mean)
 * @param reliability predicted vs observed rate per equal-width probability bin
 */
public record BinaryMetrics(
    long examples, long positives, double auc, double aucErrorBound, double logLoss,
    double accuracy, double precision, double recall, double meanPrediction, double meanLabel,
    double calibration, List<ReliabilityBin> reliability) {

  /**
   * One bin of the reliability table: the examples whose prediction is in [lower, upper) (the last bin
   * includes 1), their mean prediction and their observed rate of positives (NaN when empty).
   */
  public record ReliabilityBin(double lower, double upper, long count, double meanPrediction, double observedRate) {}
}
