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
 * @param iterations L-BFGS iterations, the accepted steps (distributed) or SGD epochs (local linear
 *     models), null for trees
 * @param lossPerIteration the distributed trainer's mean loss at the start and after every iteration
 * @param converged whether the distributed trainer stopped because it met its tolerance (false: it
 *     used up its passes); null for the local trainers
 * @param passes the distributed trainer's passes over the data that did work (an iteration takes one,
 *     or more when its step had to be shortened); null for the local trainers
 */
public record TrainingMetrics(long rows, long skippedRows, Double loss, Double accuracy, Double auc, Double rmse,
    Integer iterations, List<Double> lossPerIteration, Boolean converged, Integer passes) {

  /** Figures without the distributed trainer's convergence record. */
  public TrainingMetrics(long rows, long skippedRows, Double loss, Double accuracy, Double auc, Double rmse,
      Integer iterations, List<Double> lossPerIteration) {
    this(rows, skippedRows, loss, accuracy, auc, rmse, iterations, lossPerIteration, null, null);
  }

  public TrainingMetrics {
    lossPerIteration = lossPerIteration == null ? null : List.copyOf(lossPerIteration);
  }

  /** A copy with {@code iterations} and {@code lossPerIteration} set. */
  public TrainingMetrics withIterations(Integer n, List<Double> losses) {
    return new TrainingMetrics(rows, skippedRows, loss, accuracy, auc, rmse, n, losses, converged, passes);
  }

  /** A copy with {@code converged} and {@code passes} set. */
  public TrainingMetrics withConvergence(boolean hasConverged, int passCount) {
    return new TrainingMetrics(rows, skippedRows, loss, accuracy, auc, rmse, iterations, lossPerIteration,
        hasConverged, passCount);
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
    if (converged != null) {
      node.put("converged", converged);
    }
    if (passes != null) {
      node.put("passes", passes);
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
        node.hasNonNull("iterations") ? node.get("iterations").asInt() : null, losses,
        node.hasNonNull("converged") ? node.get("converged").asBoolean() : null,
        node.hasNonNull("passes") ? node.get("passes").asInt() : null);
  }

  private static Double optional(JsonNode node, String key) {
    return node.hasNonNull(key) ? node.get(key).asDouble() : null;
  }
}
