package dev.kiln.serving;

import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.ml.infer.ServingModel;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.Prediction;
import dev.kiln.ml.transform.InputColumn;
import dev.kiln.ml.transform.TransformGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * One version of a model, ready to serve: the Model document parsed once into the very
 * {@link ServingModel} the {@code infer} and {@code evaluate} steps score with (raw row → the model's
 * TransformGraph → the model), and the inputs a request must name. A served prediction therefore equals
 * the batch one to the last bit: same rows (the graph's own column types), same code.
 *
 * <p>Immutable and thread-safe; a hot reload replaces the instance, so a request that holds one finishes
 * on the version it started with.
 */
public final class ServedModel {
  private final String name;
  private final String version;
  private final String fingerprint;
  private final ServingModel model;
  private final List<ServedInput> inputs;
  private final Map<String, Integer> positions = new HashMap<>();
  private final Schema rowSchema;

  private ServedModel(String name, String version, String modelJson) {
    this.name = name;
    this.version = version;
    this.fingerprint = CanonicalJson.sha256(modelJson);
    this.model = ServingModel.fromJson(modelJson);
    this.inputs = inputsOf(model);
    Schema.Builder b = Schema.builder();
    for (int i = 0; i < inputs.size(); i++) {
      ServedInput in = inputs.get(i);
      positions.put(in.name(), i);
      b.addField(Schema.Field.of(in.name(), Schema.FieldType.of(in.type()).withNullable(in.nullable())));
    }
    this.rowSchema = b.build();
  }

  /**
   * @param name the name clients call it by
   * @param version its version (a push folder's {@code 000003}, or an artifact id)
   * @param modelJson the Model document
   * @throws IllegalArgumentException when the JSON is not a Model document this Kiln reads
   */
  public static ServedModel of(String name, String version, String modelJson) {
    return new ServedModel(name, version, modelJson);
  }

  /**
   * The raw columns a row needs: the graph's input columns that its features read (with the types the
   * graph was fitted on), or, for a model trained without a graph, its feature columns (numbers; a
   * one-hot index as INT64).
   */
  static List<ServedInput> inputsOf(ServingModel model) {
    TransformGraph graph = model.graph();
    List<ServedInput> inputs = new ArrayList<>();
    if (graph != null) {
      Set<String> used = new HashSet<>(graph.featureInputColumns());
      for (InputColumn c : graph.inputs()) {
        if (used.contains(c.name())) {
          inputs.add(new ServedInput(c.name(), c.typeName(), c.nullable()));
        }
      }
    } else {
      ModelDocument doc = model.model();
      for (String f : doc.features()) {
        inputs.add(new ServedInput(f, doc.oneHot().containsKey(f) ? Schema.TypeName.INT64 : Schema.TypeName.DOUBLE, doc.oneHot().containsKey(f)));
      }
    }
    return List.copyOf(inputs);
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** Hex SHA-256 of the Model document. */
  public String fingerprint() {
    return fingerprint;
  }

  public ModelTask task() {
    return model.model().task();
  }

  /** The class names in the order of the probabilities; empty for regression. */
  public List<String> classes() {
    return model.classes();
  }

  /** The inputs a request names, in a fixed order (the graph's: by name). */
  public List<ServedInput> inputs() {
    return inputs;
  }

  /** The position of an input in {@link #inputs()}, or -1. */
  public int position(String input) {
    Integer i = positions.get(input);
    return i == null ? -1 : i;
  }

  /** A raw row of the values in {@link #inputs()} order (the array is taken, not copied). */
  public Row row(Object[] values) {
    return Row.withSchema(rowSchema).attachValues(Arrays.asList(values));
  }

  /** The prediction for one raw row, through the same scorer as the {@code infer} step. */
  public Prediction predict(Row raw) {
    return model.predict(raw);
  }

  /** The names of the v2 output tensors: prediction, and for a classifier predicted_class and probabilities. */
  public List<String> outputs() {
    return task() == ModelTask.REGRESSION ? List.of(Outputs.PREDICTION) : List.of(Outputs.PREDICTION, Outputs.PREDICTED_CLASS, Outputs.PROBABILITIES);
  }

  /** Output tensor names (the first two as the {@code infer} step's columns). */
  public static final class Outputs {
    public static final String PREDICTION = dev.kiln.ml.infer.InferStep.PREDICTION;
    public static final String PREDICTED_CLASS = dev.kiln.ml.infer.InferStep.PREDICTED_CLASS;
    public static final String PROBABILITIES = "probabilities";

    private Outputs() {}
  }

  @Override
  public String toString() {
    return name + " version " + version;
  }
}
