package dev.kiln.ml.evaluate;

import java.util.Map;
import java.util.TreeMap;

/**
 * The overall metrics a threshold may name, with the direction in which each is better. A metric
 * without a direction (a count, the calibration ratio) may have min and max bounds but no
 * improvement over a baseline.
 */
public final class MetricCatalog {
  /** Which way a metric gets better. */
  public enum Direction { HIGHER, LOWER, NONE }

  private static final Map<String, Direction> METRICS = new TreeMap<>(Map.ofEntries(
      Map.entry("examples", Direction.NONE),
      Map.entry("auc", Direction.HIGHER),
      Map.entry("logLoss", Direction.LOWER),
      Map.entry("accuracy", Direction.HIGHER),
      Map.entry("precision", Direction.HIGHER),
      Map.entry("recall", Direction.HIGHER),
      Map.entry("calibration", Direction.NONE),
      Map.entry("meanPrediction", Direction.NONE),
      Map.entry("macroPrecision", Direction.HIGHER),
      Map.entry("macroRecall", Direction.HIGHER),
      Map.entry("rmse", Direction.LOWER),
      Map.entry("mae", Direction.LOWER),
      Map.entry("r2", Direction.HIGHER)));

  private MetricCatalog() {}

  public static boolean known(String metric) {
    return METRICS.containsKey(metric);
  }

  /** The metric's direction; throws for an unknown metric. */
  public static Direction direction(String metric) {
    Direction d = METRICS.get(metric);
    if (d == null) {
      throw new IllegalArgumentException("unknown metric '" + metric + "'; metrics are " + String.join(", ", METRICS.keySet()));
    }
    return d;
  }

  /** How much better {@code candidate} is than {@code baseline} (negative: worse). */
  public static double improvement(String metric, double candidate, double baseline) {
    return direction(metric) == Direction.LOWER ? baseline - candidate : candidate - baseline;
  }
}
