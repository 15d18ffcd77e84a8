package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Binary metrics against exact and hand computations. */
class BinaryMetricsTest {
  private static final MetricsOptions OPTIONS = MetricsOptions.defaults();

  @Test
  void histogramAucEqualsExactAucWithinTheStatedBoundOnRandomScores() {
    Random random = new Random(7);
    double[] labels = new double[20_000];
    double[] scores = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextDouble() < 0.3 ? 1 : 0;
      // informative but noisy scores, in (0, 1)
      scores[i] = 1 / (1 + Math.exp(-(labels[i] * 1.2 - 0.6 + random.nextGaussian())));
    }
    BinaryMetrics m = metrics(labels, scores);
    double exact = exactAuc(labels, scores);
    assertTrue(Math.abs(m.auc() - exact) <= m.aucErrorBound(), "histogram " + m.auc() + " exact " + exact + " bound " + m.aucErrorBound());
    assertTrue(m.aucErrorBound() < 2e-4, "10,000 buckets leave few pairs tied: " + m.aucErrorBound());
    assertTrue(exact > 0.6 && exact < 0.9, "the scores are informative: " + exact);
  }

  @Test
  void tiedScoresCountHalfLikeTheExactAuc() {
    Random random = new Random(11);
    double[] levels = {0.1, 0.3, 0.5, 0.7, 0.9};
    double[] labels = new double[3000];
    double[] scores = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int level = random.nextInt(levels.length);
      scores[i] = levels[level];
      labels[i] = random.nextDouble() < 0.15 + 0.15 * level ? 1 : 0;
    }
    BinaryMetrics m = metrics(labels, scores);
    // Equal scores share a bucket and count one half in both computations: exact agreement.
    assertEquals(exactAuc(labels, scores), m.auc(), 1e-12);
    assertTrue(m.aucErrorBound() > 0.05, "the bound counts every tied pair: " + m.aucErrorBound());
  }

  @Test
  void theBoundIsReachedByDistinctScoresInOneBucket() {
    // The positive scores lower than the negative, so the exact AUC is 0; the histogram puts both in
    // bucket 5000 and says 0.5; the stated bound is exactly that gap.
    BinaryMetrics m = metrics(new double[] {1, 0}, new double[] {0.50001, 0.50002});
    assertEquals(0.5, m.auc(), 0);
    assertEquals(0.5, m.aucErrorBound(), 0);
    assertEquals(0.0, exactAuc(new double[] {1, 0}, new double[] {0.50001, 0.50002}), 0);
  }

  @Test
  void logLossAccuracyPrecisionRecallAndCalibrationMatchAHandComputation() {
    double[] labels = {1, 1, 1, 0, 0, 0};
    double[] scores = {0.9, 0.6, 0.4, 0.7, 0.2, 0.1};
    BinaryMetrics m = metrics(labels, scores);
    // at 0.5: TP = 2 (0.9, 0.6), FN = 1 (0.4), FP = 1 (0.7), TN = 2
    assertEquals(6, m.examples());
    assertEquals(3, m.positives());
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    assertEquals(2.0 / 3, m.precision(), 1e-12);
    assertEquals(2.0 / 3, m.recall(), 1e-12);
    double logLoss = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.4) + Math.log(0.3) + Math.log(0.8) + Math.log(0.9)) / 6;
    assertEquals(logLoss, m.logLoss(), 1e-12);
    assertEquals(2.9 / 6, m.meanPrediction(), 1e-12);
    assertEquals(0.5, m.meanLabel(), 0);
    assertEquals(2.9 / 3, m.calibration(), 1e-12);
    // pairs (pos, neg): 0.9 beats all 3, 0.6 beats 0.2 and 0.1, 0.4 beats 0.2 and 0.1 -> 7 of 9
    assertEquals(7.0 / 9, m.auc(), 1e-12);
    assertEquals(0, m.aucErrorBound(), 0);
    // reliability: bins [0.1,0.2) holds 0.1; [0.2,0.3) 0.2; [0.4,0.5) 0.4 (positive); [0.6,0.7) 0.6 (positive);
    // [0.7,0.8) 0.7 (negative); [0.9,1] 0.9 (positive)
    BinaryMetrics.ReliabilityBin b4 = m.reliability().get(4);
    assertEquals(1, b4.count());
    assertEquals(0.4, b4.meanPrediction(), 1e-12);
    assertEquals(1.0, b4.observedRate(), 0);
    assertEquals(0.0, m.reliability().get(7).observedRate(), 0);
    assertEquals(0, m.reliability().get(0).count());
    assertTrue(Double.isNaN(m.reliability().get(0).observedRate()));
    assertEquals(6, m.reliability().stream().mapToLong(BinaryMetrics.ReliabilityBin::count).sum());
  }

  @Test
  void theThresholdIsConfigurable() {
    BinaryAccumulator a = new BinaryAccumulator(OPTIONS.withThreshold(0.65));
    double[] labels = {1, 1, 1, 0, 0, 0};
    double[] scores = {0.9, 0.6, 0.4, 0.7, 0.2, 0.1};
    for (int i = 0; i < labels.length; i++) {
      a.add(labels[i], scores[i]);
    }
    BinaryMetrics m = a.result();
    assertEquals(0.5, m.precision(), 1e-12); // 0.9 and 0.7 predicted positive
    assertEquals(1.0 / 3, m.recall(), 1e-12);
  }

  @Test
  void undefinedValuesAreNaNAndNullInJson() {
    MetricsAccumulator a = new MetricsAccumulator(OPTIONS);
    a.add(ScoredExample.binary(0, 0.2, Map.of()));
    a.add(ScoredExample.binary(0, 0.3, Map.of()));
    BinaryMetrics m = (BinaryMetrics) a.result();
    assertTrue(Double.isNaN(m.auc()) && Double.isNaN(m.precision()) && Double.isNaN(m.recall()) && Double.isNaN(m.calibration()));
    assertTrue(a.toJson().get("auc").isNull());
    assertEquals(1.0, m.accuracy(), 0);
  }

  @Test
  void unlabeledExamplesAreCountedAndLeftOut() {
    MetricsAccumulator a = new MetricsAccumulator(OPTIONS);
    a.add(ScoredExample.binary(1, 0.8, Map.of()));
    a.add(ScoredExample.binary(Double.NaN, 0.1, Map.of()));
    assertEquals(1, a.labeled());
    assertEquals(1, a.unlabeled());
    assertEquals(1, a.toJson().get("unlabeled").asLong());
  }

  @Test
  void aLabelOtherThanZeroOrOneIsAnErrorNamingIt() {
    MetricsAccumulator a = new MetricsAccumulator(OPTIONS);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> a.add(ScoredExample.binary(2, 0.8, Map.of())));
    assertEquals("binary label must be 0 or 1, not 2.0", e.getMessage());
  }

  static BinaryMetrics metrics(double[] labels, double[] scores) {
    BinaryAccumulator a = new BinaryAccumulator(OPTIONS);
    for (int i = 0; i < labels.length; i++) {
      a.add(labels[i], scores[i]);
    }
    return a.result();
  }

  /** AUC by sorting: each positive/negative pair counts 1 when ordered right, 1/2 when tied. */
  static double exactAuc(double[] labels, double[] scores) {
    Integer[] order = new Integer[labels.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double area = 0;
    long negativesBelow = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      long pos = 0;
      long neg = 0;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        if (labels[order[j]] == 1) {
          pos++;
        } else {
          neg++;
        }
        j++;
      }
      area += pos * (negativesBelow + 0.5 * neg);
      negativesBelow += neg;
      positives += pos;
      i = j;
    }
    return area / ((double) positives * negativesBelow);
  }

  static List<ScoredExample> randomBinary(int n, long seed, List<String> hours) {
    Random random = new Random(seed);
    List<ScoredExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double label = random.nextDouble() < 0.4 ? 1 : 0;
      double p = 1 / (1 + Math.exp(-(label - 0.5 + random.nextGaussian())));
      out.add(ScoredExample.binary(label, p, Map.of("hour", hours.get(random.nextInt(hours.size())))));
    }
    return out;
  }
}
