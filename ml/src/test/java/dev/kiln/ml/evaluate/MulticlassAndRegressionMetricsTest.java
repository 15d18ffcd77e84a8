package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MulticlassAndRegressionMetricsTest {

  @Test
  void multiclassMetricsMatchAHandComputation() {
    MetricsAccumulator a = new MetricsAccumulator(MetricsOptions.defaults());
    // label, probabilities (argmax = predicted)
    a.add(ScoredExample.multiclass(0, new double[] {0.7, 0.2, 0.1}, Map.of())); // predicts 0, right
    a.add(ScoredExample.multiclass(0, new double[] {0.3, 0.6, 0.1}, Map.of())); // predicts 1
    a.add(ScoredExample.multiclass(1, new double[] {0.1, 0.8, 0.1}, Map.of())); // predicts 1, right
    a.add(ScoredExample.multiclass(2, new double[] {0.2, 0.5, 0.3}, Map.of())); // predicts 1
    MulticlassMetrics m = (MulticlassMetrics) a.result();
    assertEquals(4, m.examples());
    assertEquals(3, m.classes());
    assertEquals(0.5, m.accuracy(), 0);
    assertEquals(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.8) + Math.log(0.3)) / 4, m.logLoss(), 1e-12);
    // class 0: predicted once (right) -> precision 1, support 2 -> recall 0.5
    // class 1: predicted 3 times, 1 right -> precision 1/3, support 1 -> recall 1
    // class 2: never predicted -> precision undefined, support 1 -> recall 0
    assertEquals(1.0, m.perClass().get(0).precision(), 0);
    assertEquals(0.5, m.perClass().get(0).recall(), 0);
    assertEquals(1.0 / 3, m.perClass().get(1).precision(), 1e-12);
    assertEquals(1.0, m.perClass().get(1).recall(), 0);
    assertTrue(Double.isNaN(m.perClass().get(2).precision()));
    assertEquals(0.0, m.perClass().get(2).recall(), 0);
    assertEquals((1 + 1.0 / 3) / 2, m.macroPrecision(), 1e-12);
    assertEquals((0.5 + 1 + 0) / 3, m.macroRecall(), 1e-12);
  }

  @Test
  void aMulticlassLabelOutsideTheClassesIsAnError() {
    MetricsAccumulator a = new MetricsAccumulator(MetricsOptions.defaults());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.add(ScoredExample.multiclass(3, new double[] {0.5, 0.5}, Map.of())));
    assertEquals("multiclass label must be a class index 0..1, not 3.0", e.getMessage());
  }

  @Test
  void regressionMetricsEqualADirectComputation() {
    Random random = new Random(3);
    int n = 5000;
    double[] y = new double[n];
    double[] p = new double[n];
    MetricsAccumulator a = new MetricsAccumulator(MetricsOptions.defaults());
    for (int i = 0; i < n; i++) {
      y[i] = 1000 + 10 * random.nextGaussian(); // large mean next to the spread
      p[i] = y[i] + 3 * random.nextGaussian();
      a.add(ScoredExample.regression(y[i], p[i], Map.of()));
    }
    double mean = 0;
    for (double v : y) {
      mean += v / n;
    }
    double sse = 0;
    double sae = 0;
    double sst = 0;
    double sumP = 0;
    for (int i = 0; i < n; i++) {
      sse += (y[i] - p[i]) * (y[i] - p[i]);
      sae += Math.abs(y[i] - p[i]);
      sst += (y[i] - mean) * (y[i] - mean);
      sumP += p[i];
    }
    RegressionMetrics m = (RegressionMetrics) a.result();
    assertEquals(n, m.examples());
    assertEquals(Math.sqrt(sse / n), m.rmse(), 1e-9);
    assertEquals(sae / n, m.mae(), 1e-9);
    assertEquals(1 - sse / sst, m.r2(), 1e-9);
    assertEquals(mean, m.meanLabel(), 1e-9);
    assertEquals(sumP / n, m.meanPrediction(), 1e-9);
    assertTrue(m.r2() > 0.85 && m.r2() < 0.95, "about 1 - 9/100: " + m.r2());
  }

  @Test
  void aConstantLabelHasNoR2() {
    MetricsAccumulator a = new MetricsAccumulator(MetricsOptions.defaults());
    a.add(ScoredExample.regression(2, 1, Map.of()));
    a.add(ScoredExample.regression(2, 3, Map.of()));
    RegressionMetrics m = (RegressionMetrics) a.result();
    assertTrue(Double.isNaN(m.r2()));
    assertEquals(1.0, m.rmse(), 0);
  }

  @Test
  void mixingTasksIsAnError() {
    MetricsAccumulator a = new MetricsAccumulator(MetricsOptions.defaults());
    a.add(ScoredExample.binary(1, 0.5, Map.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.add(ScoredExample.regression(1, 0.5, Map.of())));
    assertEquals("the scorer returned a regression example after binary ones", e.getMessage());
  }
}
