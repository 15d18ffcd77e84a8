package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads required fields of model JSON with one-line errors that name the JSON path. */
final class JsonFields {
  private JsonFields() {}

  static JsonNode required(JsonNode node, String field, String path) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(path + "." + field + " is missing");
    }
    return v;
  }

  static String text(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(path + "." + field + " must be a string, not " + v.getNodeType());
    }
    return v.asText();
  }

  static double number(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(path + "." + field + " must be a number, not " + v);
    }
    return v.asDouble();
  }

  static int integer(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.canConvertToInt()) {
      throw new IllegalArgumentException(path + "." + field + " must be an integer, not " + v);
    }
    return v.asInt();
  }

  static JsonNode object(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isObject()) {
      throw new IllegalArgumentException(path + "." + field + " must be an object");
    }
    return v;
  }

  static List<String> strings(JsonNode node, String field, String path) {
    JsonNode v = required(node, field, path);
    if (!v.isArray()) {
      throw new IllegalArgumentException(path + "." + field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException(path + "." + field + " must be an array of strings, found " + e);
      }
      out.add(e.asText());
    }
    return out;
  }

  /** {@code object[name]} for every name, as a number: the weights of a linear model keyed by feature. */
  static double[] byName(JsonNode object, List<String> names, String path) {
    if (object == null || !object.isObject()) {
      throw new IllegalArgumentException(path + " must be an object keyed by feature name");
    }
    if (object.size() != names.size()) {
      throw new IllegalArgumentException(path + " has " + object.size() + " entries but the model has "
          + names.size() + " features");
    }
    double[] out = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      out[i] = number(object, names.get(i), path);
    }
    return out;
  }
}
