package dev.kiln.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One step instance of a pipeline as written: its type ({@code uses}), the class of a user step, its
 * wired inputs, its config ({@code with}), the format of its dataset outputs and the backend it runs on.
 *
 * @param name the step's name, unique in its pipeline
 * @param uses the step type, e.g. {@code csv}, {@code split}, {@code transform}
 * @param className the user class for {@code transform} steps, else null
 * @param inputs input port name to the referenced output
 * @param config the step's config, normalized (defaults filled in) once validated
 * @param format the dataset format of its outputs: {@code avro} (default) or {@code tfrecord}
 * @param backend where the step runs ({@code direct}, {@code flink}, {@code dataflow}, or one a user added), or null for the
 *     run's default backend. Not part of the cache key: every backend writes the same artifacts.
 */
public record StepSpec(
    String name, String uses, String className, SortedMap<String, InputRef> inputs, JsonNode config, String format,
    String backend) {

  /**
   * The backends a step may name: the built-ins and those users add ({@link
   * dev.kiln.core.run.BackendProvider}), looked up on each call.
   */
  public static java.util.Set<String> knownBackends() {
    return dev.kiln.core.run.BackendProviders.names();
  }

  public StepSpec {
    inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
    config = config == null ? JsonNodeFactory.instance.objectNode() : config.deepCopy();
    format = format == null ? "avro" : format;
  }

  public static StepSpec of(String name, String uses, String className, Map<String, InputRef> inputs, JsonNode config, String format) {
    return new StepSpec(name, uses, className, new TreeMap<>(inputs), config, format, null);
  }

  public StepSpec withBackend(String newBackend) {
    return new StepSpec(name, uses, className, inputs, config, format, newBackend);
  }

  public StepSpec withInputs(Map<String, InputRef> newInputs) {
    return new StepSpec(name, uses, className, new TreeMap<>(newInputs), config, format, backend);
  }

  public StepSpec withConfig(JsonNode newConfig) {
    return new StepSpec(name, uses, className, inputs, newConfig, format, backend);
  }

  /** The JSON form used in the canonical pipeline spec. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("uses", uses);
    if (className != null) {
      node.put("class", className);
    }
    ObjectNode in = node.putObject("in");
    inputs.forEach((port, ref) -> in.put(port, ref.toString()));
    node.set("with", config);
    node.put("format", format);
    if (backend != null) {
      node.put("backend", backend); // only when named, so pipelines without it keep their hash
    }
    return node;
  }
}
