package dev.kiln.core.step;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.InputRef;
import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.StepSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Validates a {@link PipelineSpec} against the step types and turns it into a {@link ResolvedPipeline}.
 * Every mistake a user can make in a pipeline description is reported here, before any job starts, as
 * one line naming the source, the step and the key.
 */
public final class PipelineResolver {
  private static final Set<String> FORMATS = Set.of("avro", "tfrecord");
  private static final ObjectMapper CONFIG_MAPPER =
      CanonicalJson.MAPPER.copy()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);

  private final StepRegistry registry;
  private final Map<String, Step> prebuilt;

  /**
   * @param prebuilt steps already instantiated by the Java API (a user's transform instance), by step
   *     name; the spec still describes them, and they are validated like the others
   */
  public PipelineResolver(StepRegistry registry, Map<String, Step> prebuilt) {
    this.registry = registry;
    this.prebuilt = Map.copyOf(prebuilt);
  }

  public PipelineResolver(StepRegistry registry) {
    this(registry, Map.of());
  }

  /** @param source where the spec came from, for messages (a file path, or "Java pipeline 'x'") */
  public ResolvedPipeline resolve(PipelineSpec spec, String source) {
    if (spec.steps().isEmpty()) {
      throw SpecException.at(source, null, "steps", "the pipeline has no steps");
    }
    // Dangling references first, so the cycle check only sees real edges.
    spec.steps().forEach((name, s) -> s.inputs().forEach((port, ref) -> {
      if (!spec.steps().containsKey(ref.step())) {
        throw SpecException.at(source, name, "in." + port,
            "'" + ref + "' refers to a step '" + ref.step() + "' that does not exist; steps are " + spec.steps().keySet());
      }
      if (ref.step().equals(name)) {
        throw SpecException.at(source, name, "in." + port, "a step cannot read its own output");
      }
    }));
    List<String> order;
    try {
      order = spec.topologicalOrder();
    } catch (SpecException e) {
      throw new SpecException(source + ": " + e.getMessage());
    }

    Map<String, Step> steps = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> outputs = new HashMap<>();
    Map<String, StepSpec> normalized = new TreeMap<>();
    for (String name : order) {
      StepSpec s = spec.step(name);
      StepType type = registry.find(s.uses());
      if (type == null) {
        throw SpecException.at(source, name, "uses",
            "unknown step type '" + s.uses() + "'; known types are " + String.join(", ", registry.names()));
      }
      if (!FORMATS.contains(s.format())) {
        throw SpecException.at(source, name, "format", "'" + s.format() + "' is not a dataset format; use avro or tfrecord");
      }
      Object config = readConfig(type, s, source);
      JsonNode normalizedConfig = config == null ? s.config() : CanonicalJson.MAPPER.valueToTree(config);
      Step step = prebuilt.containsKey(name) ? prebuilt.get(name) : create(type, s, config, source);

      Map<String, InputRef> resolvedRefs = new TreeMap<>();
      Map<String, List<String>> inputSplits = new TreeMap<>();
      checkPorts(step, s, source);
      s.inputs().forEach((port, ref) -> {
        Step from = steps.get(ref.step());
        InputRef r = resolveRef(ref, outputs.get(ref.step()), from == null ? null : from.mainOutput(), source, name, port);
        String wants = step.inputKind(port);
        String gets = steps.get(r.step()).outputKind(r.port());
        if (!wants.equals(gets)) {
          throw SpecException.at(source, name, "in." + port, "input '" + port + "' of '" + s.uses() + "' reads a "
              + wants + ", but '" + r.step() + "." + r.port() + "' is a " + gets);
        }
        resolvedRefs.put(port, r);
        inputSplits.put(port, r.split() != null ? List.of(DatasetRows.UNSPLIT) : outputs.get(r.step()).get(r.port()));
      });
      Map<String, List<String>> outSplits;
      try {
        outSplits = step.outputSplits(inputSplits);
      } catch (IllegalArgumentException e) {
        throw SpecException.at(source, name, "in", e.getMessage());
      }
      outSplits.forEach((port, splits) -> {
        if (ArtifactKind.isDocument(step.outputKind(port)) && !splits.equals(List.of(DatasetRows.UNSPLIT))) {
          throw new IllegalStateException("step type '" + s.uses() + "' declares splits " + splits
              + " for its " + step.outputKind(port) + " output '" + port + "'; a document has no splits");
        }
      });
      outputs.put(name, outSplits);
      steps.put(name, step);
      normalized.put(name, s.withInputs(resolvedRefs).withConfig(normalizedConfig));
    }
    return new ResolvedPipeline(PipelineSpec.of(spec.name(), normalized), steps, outputs, order, source);
  }

  private static void checkPorts(Step step, StepSpec s, String source) {
    Set<String> declared = new TreeSet<>(step.inputPorts());
    Set<String> given = new TreeSet<>(s.inputs().keySet());
    for (String g : given) {
      if (!declared.contains(g)) {
        throw SpecException.at(source, s.name(), "in." + g,
            "step type '" + s.uses() + "' has no input port '" + g + "'"
                + (declared.isEmpty() ? "; it reads no inputs" : "; its inputs are " + declared));
      }
    }
    for (String d : declared) {
      if (!given.contains(d) && !step.optionalInputPorts().contains(d)) {
        throw SpecException.at(source, s.name(), "in." + d, "input port '" + d + "' is not connected; add in: { " + d + ": <step>.<port> }");
      }
    }
  }

  /**
   * Resolves {@code step}, {@code step.port}, {@code step.split}, {@code step.port.split}; a bare
   * {@code step} reads its only output, or its {@link Step#mainOutput() main output}.
   */
  private static InputRef resolveRef(InputRef ref, Map<String, List<String>> ports, String mainOutput, String source,
      String step, String port) {
    String key = "in." + port;
    if (ref.port() == null) {
      if (ports.size() != 1 && mainOutput != null && ports.containsKey(mainOutput)) {
        return new InputRef(ref.step(), mainOutput, null);
      }
      if (ports.size() != 1) {
        throw SpecException.at(source, step, key, "'" + ref + "' has outputs " + ports.keySet() + "; name one, e.g. " + ref.step() + "." + ports.keySet().iterator().next());
      }
      return new InputRef(ref.step(), ports.keySet().iterator().next(), null);
    }
    if (ref.split() == null && !ports.containsKey(ref.port())) {
      // step.split: the single output's split
      List<String> splitOwners = ports.entrySet().stream()
          .filter(e -> e.getValue().contains(ref.port())).map(Map.Entry::getKey).collect(Collectors.toList());
      if (splitOwners.size() == 1) {
        return new InputRef(ref.step(), splitOwners.get(0), ref.port());
      }
      throw SpecException.at(source, step, key, "step '" + ref.step() + "' has no output or split '" + ref.port() + "'; outputs: " + describe(ports));
    }
    if (!ports.containsKey(ref.port())) {
      throw SpecException.at(source, step, key, "step '" + ref.step() + "' has no output '" + ref.port() + "'; outputs: " + describe(ports));
    }
    if (ref.split() != null && !ports.get(ref.port()).contains(ref.split())) {
      throw SpecException.at(source, step, key, "output '" + ref.step() + "." + ref.port() + "' has no split '" + ref.split() + "'; outputs: " + describe(ports));
    }
    return ref;
  }

  private static String describe(Map<String, List<String>> ports) {
    List<String> parts = new ArrayList<>();
    ports.forEach((p, splits) -> parts.add(splits.equals(List.of(DatasetRows.UNSPLIT)) ? p : p + " (splits " + String.join(", ", splits) + ")"));
    return String.join("; ", parts);
  }

  private static Object readConfig(StepType type, StepSpec s, String source) {
    Class<?> configClass;
    try {
      configClass = type.configClass(s);
    } catch (IllegalArgumentException e) {
      throw SpecException.at(source, s.name(), null, e.getMessage());
    }
    if (configClass == Void.class) {
      if (s.config() != null && s.config().size() > 0) {
        throw SpecException.at(source, s.name(), "with", "step type '" + s.uses() + "' takes no settings");
      }
      return null;
    }
    try {
      return CONFIG_MAPPER.treeToValue(s.config(), configClass);
    } catch (UnrecognizedPropertyException e) {
      List<String> known = new ArrayList<>();
      if (e.getKnownPropertyIds() != null) {
        e.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
      }
      java.util.Collections.sort(known);
      throw SpecException.at(source, s.name(), "with." + path(e), "unknown setting; settings of '" + s.uses() + "' are " + known);
    } catch (InvalidFormatException e) {
      throw SpecException.at(source, s.name(), "with." + path(e),
          "\"" + e.getValue() + "\" is not a valid " + friendly(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw SpecException.at(source, s.name(), "with." + path(e), "expected " + friendly(e.getTargetType()));
    } catch (JsonMappingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw SpecException.at(source, s.name(), path(e).isEmpty() ? "with" : "with." + path(e), root.getMessage());
    } catch (Exception e) {
      throw SpecException.at(source, s.name(), "with", e.getMessage());
    }
  }

  private static Step create(StepType type, StepSpec s, Object config, String source) {
    try {
      return type.create(s, config);
    } catch (SpecException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw SpecException.at(source, s.name(), null, e.getMessage());
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String friendly(Class<?> t) {
    if (t == null) {
      return "value";
    }
    if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
      return "number";
    }
    if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
      return "whole number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t == String.class) {
      return "text";
    }
    if (Map.class.isAssignableFrom(t)) {
      return "a mapping (key: value)";
    }
    if (List.class.isAssignableFrom(t)) {
      return "a list";
    }
    return t.getSimpleName();
  }
}
