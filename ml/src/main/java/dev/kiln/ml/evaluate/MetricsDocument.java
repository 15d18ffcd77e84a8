package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.spec.CanonicalJson;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Metrics document: the metrics of every example ({@code overall}) and of every slice, by slice
 * feature and value, with the model task and the options they were computed with.
 *
 * <pre>{@code
 * {"task": "binary", "examples": 2000, "unlabeled": 0, "threshold": 0.5, "aucBuckets": 10000, "minSliceSize": 0,
 *  "overall": {"examples": 2000, "positives": 980, "auc": 0.81, "logLoss": 0.52, ...},
 *  "slices": {"payment_type": {"Cash": {...}, "Credit Card": {...}}, "trip_start_hour": {"0": {...}, ...}}}
 * }</pre>
 *
 * A slice with fewer labeled examples than {@code minSliceSize} keeps its counts only and is marked
 * {@code "belowMinSliceSize": true}. Written as canonical JSON: the same metrics give the same bytes.
 */
public final class MetricsDocument {
  private MetricsDocument() {}

  /**
   * @param byKey the metrics JSON of each {@link SliceKey} (a missing overall means no examples)
   * @param sliceFeatures the configured slice features (each appears, even with no values)
   */
  public static String assemble(Map<String, String> byKey, MetricsOptions options, List<String> sliceFeatures) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    ObjectNode overall = byKey.containsKey(SliceKey.OVERALL) ? parse(byKey.get(SliceKey.OVERALL)) : empty();
    JsonNode task = overall.remove("task");
    doc.set("task", task == null ? JsonNodeFactory.instance.nullNode() : task);
    doc.put("examples", overall.path("examples").asLong());
    doc.put("unlabeled", overall.path("unlabeled").asLong());
    doc.put("threshold", options.threshold());
    doc.put("aucBuckets", options.aucBuckets());
    doc.put("minSliceSize", options.minSliceSize());
    doc.set("overall", overall);
    Map<String, ObjectNode> features = new TreeMap<>();
    for (String f : sliceFeatures) {
      features.put(f, JsonNodeFactory.instance.objectNode());
    }
    for (Map.Entry<String, String> e : byKey.entrySet()) {
      if (e.getKey().equals(SliceKey.OVERALL)) {
        continue;
      }
      ObjectNode metrics = parse(e.getValue());
      metrics.remove("task");
      if (metrics.path("examples").asLong() < options.minSliceSize()) {
        ObjectNode counts = JsonNodeFactory.instance.objectNode();
        counts.set("examples", metrics.get("examples"));
        counts.set("unlabeled", metrics.get("unlabeled"));
        counts.put("belowMinSliceSize", true);
        metrics = counts;
      }
      features.computeIfAbsent(SliceKey.feature(e.getKey()), f -> JsonNodeFactory.instance.objectNode())
          .set(SliceKey.value(e.getKey()), metrics);
    }
    ObjectNode slices = doc.putObject("slices");
    features.forEach(slices::set);
    return CanonicalJson.of(doc);
  }

  private static ObjectNode empty() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("examples", 0);
    n.put("unlabeled", 0);
    return n;
  }

  /** The document (or a slice's metrics) as a tree; a one-line error when it is not JSON. */
  public static ObjectNode parse(String json) {
    try {
      JsonNode node = CanonicalJson.MAPPER.readTree(json);
      if (!(node instanceof ObjectNode o)) {
        throw new IllegalArgumentException("a Metrics document must be a JSON object");
      }
      return o;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Metrics document: " + e.getOriginalMessage());
    }
  }
}
