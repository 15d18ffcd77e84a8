package dev.kiln.ml.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;

/**
 * The training settings of one model (see {@link TrainConfig} for their meaning and defaults); those
 * that do not apply to the algorithm and backend are null and left out of the model document.
 */
public record Hyperparameters(Double l2, Integer iterations, Double learningRate, Integer trees, Integer maxDepth,
    Double featureFraction, Long seed, Double tolerance) implements Serializable {

  /** The settings that are set, as a JSON object. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (l2 != null) {
      node.put("l2", l2);
    }
    if (iterations != null) {
      node.put("iterations", iterations);
    }
    if (learningRate != null) {
      node.put("learningRate", learningRate);
    }
    if (trees != null) {
      node.put("trees", trees);
    }
    if (maxDepth != null) {
      node.put("maxDepth", maxDepth);
    }
    if (featureFraction != null) {
      node.put("featureFraction", featureFraction);
    }
    if (seed != null) {
      node.put("seed", seed);
    }
    if (tolerance != null) {
      node.put("tolerance", tolerance);
    }
    return node;
  }
}
