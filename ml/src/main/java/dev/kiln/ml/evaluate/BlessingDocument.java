package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.spec.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges a candidate's overall metrics against thresholds and, optionally, a baseline's, giving the
 * Blessing document:
 *
 * <pre>{@code
 * {"blessed": false, "summary": "not blessed: auc 0.55 is below min 0.6", "task": "binary",
 *  "checks": [{"metric": "auc", "check": "min", "bound": 0.6, "value": 0.55, "passed": false},
 *             {"metric": "auc", "check": "minImprovement", "bound": -0.01, "value": 0.55,
 *              "baselineValue": 0.61, "improvement": -0.06, "passed": false}, ...],
 *  "baseline": {"path": "models/taxi", "found": true, "version": "000003", "fingerprint": "9f2c..."}}
 * }</pre>
 *
 * A model is blessed when every check passes. A check on a metric the model does not have (RMSE of a
 * classifier) or whose value is undefined fails. An improvement check passes, with a note, while
 * nothing has been pushed to the baseline's path yet (the first model) or when the baseline's value is
 * undefined. Every blessing also checks {@code examples >= 1} unless {@code examples} has bounds of
 * its own: a model evaluated on nothing is never blessed. Not blessed is a result, not a failure.
 */
public final class BlessingDocument {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private BlessingDocument() {}

  /**
   * @param metricsJson the candidate's Metrics document
   * @param thresholds metric name to its bounds
   * @param baseline the baseline looked for, or null when none is configured
   * @param baselineMetricsJson the baseline's Metrics document, or null when none was found
   */
  public static String judge(String metricsJson, Map<String, Threshold> thresholds, BaselineRef baseline, String baselineMetricsJson) {
    ObjectNode metrics = MetricsDocument.parse(metricsJson);
    JsonNode overall = metrics.path("overall");
    JsonNode baselineOverall = baselineMetricsJson == null ? null : MetricsDocument.parse(baselineMetricsJson).path("overall");
    String task = metrics.path("task").isTextual() ? metrics.get("task").asText() : null;

    Map<String, Threshold> all = new TreeMap<>(thresholds);
    all.putIfAbsent("examples", new Threshold(1.0, null, null));

    ArrayNode checks = JSON.arrayNode();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Threshold> e : all.entrySet()) {
      String metric = e.getKey();
      Threshold t = e.getValue();
      double value = MetricsJson.number(overall.get(metric));
      String missing = Double.isNaN(value) ? missingReason(metric, overall, task) : null;
      if (t.min() != null) {
        boolean passed = missing == null && value >= t.min();
        checks.add(check(metric, "min", t.min(), value, passed, missing));
        if (!passed) {
          failures.add(missing != null ? metric + " " + missing : metric + " " + fmt(value) + " is below min " + fmt(t.min()));
        }
      }
      if (t.max() != null) {
        boolean passed = missing == null && value <= t.max();
        checks.add(check(metric, "max", t.max(), value, passed, missing));
        if (!passed) {
          failures.add(missing != null ? metric + " " + missing : metric + " " + fmt(value) + " is above max " + fmt(t.max()));
        }
      }
      if (t.minImprovement() != null) {
        ObjectNode c = improvementCheck(metric, t.minImprovement(), value, missing, baseline, baselineOverall);
        checks.add(c);
        if (!c.get("passed").asBoolean()) {
          failures.add(c.has("note") ? metric + " " + c.get("note").asText()
              : metric + " improves on the baseline by " + fmt(c.get("improvement").asDouble()) + ", less than " + fmt(t.minImprovement()));
        }
      }
    }

    ObjectNode doc = JSON.objectNode();
    doc.put("blessed", failures.isEmpty());
    doc.put("summary", failures.isEmpty()
        ? "blessed: " + checks.size() + (checks.size() == 1 ? " check passed" : " checks passed")
        : "not blessed: " + String.join("; ", failures));
    doc.set("task", task == null ? JSON.nullNode() : JSON.textNode(task));
    doc.set("checks", checks);
    doc.set("baseline", baseline == null ? JSON.nullNode() : baselineNode(baseline));
    return CanonicalJson.of(doc);
  }

  private static ObjectNode improvementCheck(String metric, double bound, double value, String missing,
      BaselineRef baseline, JsonNode baselineOverall) {
    ObjectNode c = check(metric, "minImprovement", bound, value, false, missing);
    if (missing != null) {
      return c;
    }
    if (baseline == null || !baseline.found() || baselineOverall == null) {
      c.put("passed", true);
      c.put("note", "no baseline pushed yet; the first model is judged by its other checks");
      return c;
    }
    double base = MetricsJson.number(baselineOverall.get(metric));
    if (Double.isNaN(base)) {
      c.put("passed", true);
      c.put("note", "the baseline's " + metric + " is undefined");
      return c;
    }
    double improvement = MetricsJson.round(MetricCatalog.improvement(metric, value, base));
    c.put("baselineValue", base);
    c.put("improvement", improvement);
    c.put("passed", improvement >= bound);
    return c;
  }

  private static ObjectNode check(String metric, String kind, double bound, double value, boolean passed, String note) {
    ObjectNode c = JSON.objectNode();
    c.put("metric", metric);
    c.put("check", kind);
    c.put("bound", bound);
    c.set("value", Double.isNaN(value) ? JSON.nullNode() : JSON.numberNode(value));
    c.put("passed", passed);
    if (note != null) {
      c.put("note", note);
    }
    return c;
  }

  private static String missingReason(String metric, JsonNode overall, String task) {
    if (overall.has(metric)) {
      return "is undefined on the eval data";
    }
    return task == null ? "is not computed: no labeled examples" : "is not computed for a " + task + " model";
  }

  private static ObjectNode baselineNode(BaselineRef b) {
    ObjectNode n = JSON.objectNode();
    n.put("path", b.path());
    n.put("found", b.found());
    n.set("version", b.version() == null ? JSON.nullNode() : JSON.textNode(b.version()));
    n.set("fingerprint", b.fingerprint() == null ? JSON.nullNode() : JSON.textNode(b.fingerprint()));
    return n;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
  }

  /** Whether a Blessing document says blessed; a one-line error when it is not one. */
  public static boolean isBlessed(String blessingJson) {
    JsonNode blessed = MetricsDocument.parse(blessingJson).get("blessed");
    if (blessed == null || !blessed.isBoolean()) {
      throw new IllegalArgumentException("not a Blessing document: it has no true/false 'blessed' field");
    }
    return blessed.asBoolean();
  }

  /** The one-line summary of a Blessing document. */
  public static String summary(String blessingJson) {
    return MetricsDocument.parse(blessingJson).path("summary").asText("");
  }
}
