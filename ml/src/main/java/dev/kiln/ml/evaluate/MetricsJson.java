package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.spec.CanonicalJson;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Metric values as JSON: undefined values (NaN) become null, and every floating-point value is
 * rounded to {@value #SIGNIFICANT_DIGITS} significant digits, far below any meaningful difference and
 * far above the last-bit noise of summing in another order, so the same data gives the same bytes
 * (the same fingerprint) on every runner and bundling.
 */
public final class MetricsJson {
  /** Significant digits kept of every floating-point metric. */
  public static final int SIGNIFICANT_DIGITS = 12;
  private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS);

  private MetricsJson() {}

  /** A record (or map) as a JSON tree with NaN as null and doubles rounded. */
  public static ObjectNode tree(Object value) {
    JsonNode node = CanonicalJson.MAPPER.valueToTree(value);
    return (ObjectNode) clean(node);
  }

  /** A metric value rounded as in documents; NaN and infinities stay as they are. */
  public static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
      return v;
    }
    return new BigDecimal(v).round(ROUNDING).doubleValue();
  }

  /** The number at {@code node}, or NaN when it is absent or null. */
  public static double number(JsonNode node) {
    return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
  }

  private static JsonNode clean(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      for (String name : names) {
        out.set(name, clean(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> out.add(clean(child)));
      return out;
    }
    if (node.isFloatingPointNumber()) {
      double v = node.asDouble();
      return Double.isNaN(v) || Double.isInfinite(v) ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.numberNode(round(v));
    }
    return node;
  }
}
