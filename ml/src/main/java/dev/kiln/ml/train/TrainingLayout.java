package dev.kiln.ml.train;

import dev.kiln.ml.model.FeatureLayout;
import dev.kiln.ml.transform.TransformGraph;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link FeatureLayout} a trainer reads its rows with: a feature column that the TransformGraph
 * made as a one-hot index becomes that many terms; every other column is one numeric term. Without a
 * graph every column is numeric.
 */
final class TrainingLayout {
  private TrainingLayout() {}

  /**
   * @param graphJson the TransformGraph document the examples were made with, or null
   */
  static FeatureLayout of(List<String> features, String graphJson) {
    if (graphJson == null) {
      return FeatureLayout.dense(features);
    }
    TransformGraph graph;
    try {
      graph = TransformGraph.fromJson(graphJson);
    } catch (IllegalArgumentException e) {
      throw new TrainingInputException("input 'graph': " + e.getMessage());
    }
    Map<String, Integer> oneHot = new TreeMap<>(graph.oneHotColumns());
    oneHot.keySet().retainAll(features);
    return FeatureLayout.of(features, oneHot);
  }
}
