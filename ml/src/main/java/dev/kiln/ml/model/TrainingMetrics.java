package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How training went, measured on the training rows with the final parameters. Absent figures are
 * null (for example no AUC for regression, no loss per iteration from the local SGD trainer).
 * No wall-clock time is recorded: the model document must be the same bytes for the same inputs, so
 * that an unchanged model keeps the steps after it cached (the trainer logs its elapsed time instead).
 *
 * @param rows training rows used
 * @param skippedRows rows left out because their label is missing
 * @param loss mean log loss (classification) or mean squared error (regression), without the penalty
 * @param accuracy share of rows whose predicted class is the label (classification)
 * @param auc area under the ROC curve (binary)
 * @param rmse root mean squared error (regression)
 * @param iterations Newton iterations (distributed) or SGD epochs (local linear models), null for trees
 * @param lossPerIteration the loss at the start of each distributed iteration, then the final loss
 */
public record TrainingMetrics(long rows, long skippedRows, Double loss, Double accuracy, Double auc, Double rmse,
    Integer iterations, List<Double> lossPerIteration) {

  public TrainingMetrics {
    lossPerIteration = lossPerIteration == null ? null : List.copyOf(lossPerIteration);
  }

  /** A copy with {@code iterations} and {@code lossPerIteration} set. */
  public TrainingMetrics withIterations(Integer n, List<Double> losses) {
    return new TrainingMetrics(rows, skippedRows, loss, accuracy, auc, rmse, n, losses);
  }

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("rows", rows);
    node.put("skippedRows", skippedRows);
    putIfSet(node, "loss", loss);
    putIfSet(node, "accuracy", accuracy);
    putIfSet(node, "auc", auc);
    putIfSet(node, "rmse", rmse);
    if (iterations != null) {
      node.put("iterations", iterations);
    }
    if (lossPerIteration != null) {
      var arr = node.putArray("lossPerIteration");
      lossPerIteration.forEach(arr::add);
    }
    return node;
  }

  private static void putIfSet(ObjectNode node, String key, Double v) {
    if (v != null) {
      node.put(key, v);
    }
  }

  static TrainingMetrics fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("training must be an object");
    }
    List<Double> losses = null;
    if (node.hasNonNull("lossPerIteration")) {
      losses = new ArrayList<>();
      for (JsonNode v : node.get("lossPerIteration")) {
        losses.add(v.asDouble());
      }
    }
    return new TrainingMetrics(node.path("rows").asLong(), node.path("skippedRows").asLong(),
        optional(node, "loss"), optional(node, "accuracy"), optional(node, "auc"), optional(node, "rmse"),
        node.hasNonNull("iterations") ? node.get("iterations").asInt() : null, losses);
  }

  private static Double optional(JsonNode node, String key) {
    return node.hasNonNull(key) ? node.get(key).asDouble() : null;
  }
}
