package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A model's evaluation metrics, overall and per slice: a value over the Metrics document (the JSON the
 * {@code evaluate} step commits, kept verbatim, so {@link #toJson} gives the same bytes). What
 * {@link EvaluateModel} gives.
 *
 * <p>Metric names are those of the document: binary {@code auc}, {@code accuracy}, {@code precision},
 * {@code recall}, {@code logLoss}, ...; regression {@code rmse}, {@code mae}, {@code r2}, ...
 */
public final class EvaluationMetrics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String json;
  private transient ObjectNode tree;

  private EvaluationMetrics(String json) {
    this.json = json;
  }

  /** Reads a Metrics document; an IllegalArgumentException when it is not one. */
  public static EvaluationMetrics fromJson(String json) {
    EvaluationMetrics m = new EvaluationMetrics(Objects.requireNonNull(json, "json"));
    m.tree();
    return m;
  }

  /** The Metrics document's canonical JSON. */
  public String toJson() {
    return json;
  }

  private ObjectNode tree() {
    if (tree == null) {
      tree = MetricsDocument.parse(json);
    }
    return tree;
  }

  /** {@code binary}, {@code multiclass} or {@code regression}; null when there were no examples. */
  public String task() {
    JsonNode t = tree().get("task");
    return t == null || t.isNull() ? null : t.asText();
  }

  /** The number of examples evaluated (unlabeled ones included). */
  public long examples() {
    return tree().path("examples").asLong();
  }

  /** An overall metric, e.g. {@code overall("auc")}; empty when the document has no such number. */
  public OptionalDouble overall(String metric) {
    return number(tree().path("overall").get(metric));
  }

  /** A metric of one slice, e.g. {@code slice("payment_type", "Cash", "auc")}; empty when absent. */
  public OptionalDouble slice(String feature, String value, String metric) {
    return number(tree().path("slices").path(feature).path(value).get(metric));
  }

  /** The values of slice feature {@code feature}, sorted; empty when it was not sliced by. */
  public List<String> sliceValues(String feature) {
    List<String> values = new ArrayList<>();
    tree().path("slices").path(feature).fieldNames().forEachRemaining(values::add);
    return values;
  }

  private static OptionalDouble number(JsonNode n) {
    return n != null && n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationMetrics m && m.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json;
  }
}
