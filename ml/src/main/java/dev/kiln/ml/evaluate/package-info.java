/**
 * The {@code evaluate} step: model metrics computed in Beam, overall and per slice, and the blessing.
 *
 * <p>Flow: raw rows → {@link dev.kiln.ml.evaluate.Scorer} (built per worker by a
 * {@link dev.kiln.ml.evaluate.ScorerFactory} from the Model document) → {@link dev.kiln.ml.evaluate.ScoredExample}s →
 * {@link dev.kiln.ml.evaluate.ComputeMetrics} (one per-key combine, folded per bundle, over the overall key and every
 * {@code feature=value}) → the Metrics document ({@link dev.kiln.ml.evaluate.MetricsDocument}) →
 * thresholds and baseline → the Blessing document ({@link dev.kiln.ml.evaluate.BlessingDocument}).
 *
 * <h2>Accuracy of the metrics</h2>
 * <ul>
 *   <li><b>AUC</b> is computed from a fixed histogram of 10,000 equal-width score buckets over [0, 1]
 *       per class, which merges by adding counts. A positive/negative pair in different buckets is
 *       ordered exactly as by its scores; a pair in the same bucket counts one half (as a tie does in
 *       the exact AUC). So |AUC − exact AUC| ≤ ½ · Σ_b pos_b · neg_b / (P · N), the share of pairs
 *       sharing a bucket, halved; each slice reports this bound as {@code aucErrorBound}. On
 *       continuous scores it is ~1e-4 or less; on exactly tied scores the histogram's answer equals
 *       the exact AUC although the bound is large.</li>
 *   <li>Counts (examples, confusion matrices, histograms) are exact. Sums of doubles (log loss,
 *       predictions, errors) are compensated (Neumaier) and every value in a document is rounded to
 *       12 significant digits, so merging in another order gives the same document bytes.</li>
 *   <li>Regression merges the label's mean and squared deviations with Chan's formula rather than
 *       Σy and Σy², which cancel catastrophically when the mean is large next to the spread.</li>
 * </ul>
 */
package dev.kiln.ml.evaluate;
