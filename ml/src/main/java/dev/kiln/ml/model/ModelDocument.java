package dev.kiln.ml.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.spec.CanonicalJson;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The Model artifact: everything needed to score a row and to know how the model was made. It is
 * written as canonical JSON (sorted keys, no time stamps), so the same training inputs give the same
 * bytes. The TransformGraph the model expects is embedded verbatim, so evaluation, inference and
 * serving apply exactly the preprocessing training saw.
 *
 * <pre>{@code
 * { "format": "kiln.model", "formatVersion": 1,
 *   "task": "binary", "algorithm": "logistic", "backend": "distributed",
 *   "label": "big_tipper", "features": ["fare_z", "payment", ...], "oneHot": {"payment": 11},
 *   "classes": ["false", "true"],
 *   "hyperparameters": {...}, "training": {"rows": ..., "loss": ..., "auc": ...},
 *   "library": {"name": "kiln", "version": ...}, "transformGraph": {...} or null,
 *   "parameters": {"type": "linear", "bias": ..., "weights": {"fare_z": ..., "payment__0": ..., ...}} }
 * }</pre>
 *
 * <p>A one-hot feature column holds an index; the parameters have one weight per index value,
 * named {@code <column>__<index>} ({@link FeatureLayout}). {@code oneHot} is left out of the JSON when
 * there are none, so such models read and write as before.
 *
 * @param backend {@code local} or {@code distributed}
 * @param features the feature columns in the order the parameters use them
 * @param oneHot the one-hot columns among {@code features} and their index counts (empty: none)
 * @param classes the label values as strings in a fixed order (binary: the positive class last); empty for regression
 * @param hyperparameters the settings training used (an object)
 * @param transformGraph the TransformGraph document, opaque here; null when training had none
 */
public record ModelDocument(ModelTask task, ModelAlgorithm algorithm, String backend, String label,
    List<String> features, java.util.SortedMap<String, Integer> oneHot, List<String> classes, ObjectNode hyperparameters, TrainingMetrics training,
    LibraryInfo library, JsonNode transformGraph, ModelParameters parameters) {

  public static final String FORMAT = "kiln.model";
  public static final int FORMAT_VERSION = 1;
  public static final String LOCAL = "local";
  public static final String DISTRIBUTED = "distributed";

  public ModelDocument {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(parameters, "parameters");
    if (!LOCAL.equals(backend) && !DISTRIBUTED.equals(backend)) {
      throw new IllegalArgumentException("backend must be local or distributed, not '" + backend + "'");
    }
    if (!algorithm.supports(task)) {
      throw new IllegalArgumentException("algorithm " + algorithm.jsonName() + " cannot do " + task.jsonName());
    }
    features = List.copyOf(features);
    oneHot = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(oneHot == null ? java.util.Map.of() : oneHot));
    classes = List.copyOf(classes);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one feature");
    }
    if (new HashSet<>(features).size() != features.size()) {
      throw new IllegalArgumentException("features repeat a name: " + features);
    }
    if (new HashSet<>(classes).size() != classes.size()) {
      throw new IllegalArgumentException("classes repeat a value: " + classes);
    }
    boolean classCountFits = switch (task) {
      case BINARY -> classes.size() == 2;
      case MULTICLASS -> classes.size() >= 3;
      case REGRESSION -> classes.isEmpty();
    };
    if (!classCountFits) {
      throw new IllegalArgumentException(task.jsonName() + " model with " + classes.size() + " classes " + classes);
    }
    int terms = FeatureLayout.of(features, oneHot).termCount();
    if (!parameters.fits(task, classes.size(), terms)) {
      throw new IllegalArgumentException(parameters.type() + " parameters do not fit a " + task.jsonName()
          + " model with " + terms + " feature terms and " + classes.size() + " classes");
    }
    hyperparameters = hyperparameters == null ? JsonNodeFactory.instance.objectNode() : hyperparameters.deepCopy();
    transformGraph = transformGraph == null || transformGraph.isNull() ? null : transformGraph.deepCopy();
  }

  /** How the feature columns become the terms the parameters are over. */
  public FeatureLayout layout() {
    return FeatureLayout.of(features, oneHot);
  }

  /** The canonical JSON text of this model. */
  public String toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("format", FORMAT);
    node.put("formatVersion", FORMAT_VERSION);
    node.put("task", task.jsonName());
    node.put("algorithm", algorithm.jsonName());
    node.put("backend", backend);
    node.put("label", label);
    features.forEach(node.putArray("features")::add);
    if (!oneHot.isEmpty()) {
      ObjectNode o = node.putObject("oneHot");
      oneHot.forEach(o::put);
    }
    classes.forEach(node.putArray("classes")::add);
    node.set("hyperparameters", hyperparameters);
    node.set("training", training.toJson());
    node.set("library", library.toJson());
    node.set("transformGraph", transformGraph == null ? NullNode.instance : transformGraph);
    node.set("parameters", parameters.toJson(layout().termNames(), classes));
    return CanonicalJson.of(node);
  }

  /** Reads a model document; a one-line error names the field that is wrong. */
  public static ModelDocument fromJson(String json) {
    JsonNode node;
    try {
      node = CanonicalJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("model JSON is not valid JSON: " + e.getOriginalMessage());
    }
    try {
      return fromTree(node);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model JSON: " + e.getMessage(), e);
    }
  }

  private static ModelDocument fromTree(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String format = JsonFields.text(node, "format", "model");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("format is '" + format + "', not " + FORMAT);
    }
    int version = JsonFields.integer(node, "formatVersion", "model");
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("formatVersion " + version + " is not supported (this Kiln reads " + FORMAT_VERSION + ")");
    }
    List<String> features = JsonFields.strings(node, "features", "model");
    List<String> classes = node.has("classes") ? JsonFields.strings(node, "classes", "model") : List.of();
    java.util.SortedMap<String, Integer> oneHot = new java.util.TreeMap<>();
    if (node.hasNonNull("oneHot")) {
      JsonNode o = JsonFields.object(node, "oneHot", "model");
      o.fields().forEachRemaining(e -> {
        if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
          throw new IllegalArgumentException("oneHot." + e.getKey() + " must be a whole number, not " + e.getValue());
        }
        oneHot.put(e.getKey(), e.getValue().intValue());
      });
    }
    List<String> terms = FeatureLayout.of(features, oneHot).termNames();
    JsonNode hyper = node.get("hyperparameters");
    return new ModelDocument(
        ModelTask.parse(JsonFields.text(node, "task", "model")),
        ModelAlgorithm.parse(JsonFields.text(node, "algorithm", "model")),
        JsonFields.text(node, "backend", "model"),
        JsonFields.text(node, "label", "model"),
        features,
        oneHot,
        classes,
        hyper instanceof ObjectNode o ? o : null,
        TrainingMetrics.fromJson(node.get("training")),
        LibraryInfo.fromJson(JsonFields.object(node, "library", "model")),
        node.get("transformGraph"),
        ModelParameters.fromJson(JsonFields.object(node, "parameters", "model"), terms, classes));
  }
}
