package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a feature's missing values are filled, as written in the config: {@code impute: mean},
 * {@code median}, {@code mostFrequent}, or {@code impute: { constant: 0 }} (a number, text or
 * true/false). The fill value of the first three is fitted on the train split.
 *
 * @param strategy one of {@link #MEAN}, {@link #MEDIAN}, {@link #MOST_FREQUENT}, {@link #CONSTANT}
 * @param constant the value for {@link #CONSTANT} (Double, String or Boolean), else null
 */
public record Impute(String strategy, Object constant) implements Serializable {
  public static final String MEAN = "mean";
  public static final String MEDIAN = "median";
  public static final String MOST_FREQUENT = "mostFrequent";
  public static final String CONSTANT = "constant";

  public Impute {
    Objects.requireNonNull(strategy, "strategy");
    if (strategy.equals(CONSTANT) != (constant != null)) {
      throw new IllegalArgumentException("a constant imputation needs a value, the others none");
    }
  }

  /** Reads the YAML/JSON form; a wrong form is an IllegalArgumentException saying what is allowed. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Impute of(JsonNode node) {
    if (node.isTextual()) {
      String s = node.asText();
      if (s.equals(MEAN) || s.equals(MEDIAN) || s.equals(MOST_FREQUENT)) {
        return new Impute(s, null);
      }
    } else if (node.isObject() && node.size() == 1 && node.has(CONSTANT)) {
      JsonNode v = node.get(CONSTANT);
      if (v.isNumber()) {
        return new Impute(CONSTANT, v.doubleValue());
      }
      if (v.isTextual()) {
        return new Impute(CONSTANT, v.asText());
      }
      if (v.isBoolean()) {
        return new Impute(CONSTANT, v.booleanValue());
      }
      throw new IllegalArgumentException("impute constant must be a number, text or true/false, not " + v);
    }
    throw new IllegalArgumentException("impute must be mean, median, mostFrequent or { constant: <value> }, not " + node);
  }

  @JsonValue
  JsonNode toJson() {
    if (!strategy.equals(CONSTANT)) {
      return JsonNodeFactory.instance.textNode(strategy);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (constant instanceof Double d) {
      o.put(CONSTANT, d);
    } else if (constant instanceof Boolean b) {
      o.put(CONSTANT, b);
    } else {
      o.put(CONSTANT, constant.toString());
    }
    return o;
  }

  @Override
  public String toString() {
    return strategy.equals(CONSTANT) ? "constant " + constant : strategy;
  }
}
