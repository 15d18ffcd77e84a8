package dev.kiln.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a pipeline description from YAML:
 *
 * <pre>
 * kiln: 1
 * pipeline: taxi
 * steps:
 *   data:  { uses: csv,   with: { path: examples/data/taxi.csv } }
 *   split: { uses: split, in: { examples: data }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
 * </pre>
 *
 * Only the shape is checked here; step types, settings and references are checked by
 * {@code PipelineResolver}. Every error names the file, and the step and key where there is one.
 *
 * <p>Two things YAML allows are refused, with the line: a key given twice in one mapping (YAML
 * parsers keep the last one, so a second step named {@code split} or a setting given twice would
 * silently replace the first), and aliases ({@code *name}; Jackson reads one as the literal text
 * {@code "name"}, not as the anchored value). A pipeline file is short; spelling a value out is
 * clearer than sharing it.
 */
public final class YamlSpecLoader {
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML = new ObjectMapper(FACTORY);
  private static final Set<String> TOP_KEYS = Set.of("kiln", "pipeline", "steps");
  private static final Set<String> STEP_KEYS = Set.of("uses", "class", "in", "with", "format", "backend");

  private YamlSpecLoader() {}

  public static PipelineSpec load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new SpecException(file + ": no such file");
    } catch (IOException e) {
      throw new SpecException(file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  public static PipelineSpec parse(String yaml, String source) {
    JsonNode root;
    try (JsonParser parser = new NoAliases(FACTORY.createParser(yaml))) {
      root = YAML.readTree(parser);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String what = e.getOriginalMessage().lines().findFirst().orElse("").trim();
      if (what.startsWith("Duplicate field ")) {
        what = "key " + what.substring("Duplicate field ".length()) + " is given twice in one mapping;"
            + " YAML would keep only the last one: remove or rename one of them";
      } else if (!(e instanceof AliasException)) {
        what = "not valid YAML: " + what;
      }
      throw new SpecException(source + (loc != null ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "") + ": " + what);
    } catch (IOException e) {
      throw new SpecException(source + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SpecException(source + ": expected a mapping with keys kiln, pipeline and steps");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP_KEYS.contains(k)) {
        throw SpecException.at(source, null, k, "unknown key; a pipeline file has kiln, pipeline and steps");
      }
    }
    JsonNode version = root.get("kiln");
    if (version == null || !version.isInt() || version.asInt() != PipelineSpec.FORMAT) {
      throw SpecException.at(source, null, "kiln", "must be " + PipelineSpec.FORMAT + " (the pipeline format version)");
    }
    String name = text(root, "pipeline", source, null);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw SpecException.at(source, null, "pipeline", "'" + name + "' is not a valid name; use letters, digits, '_', '-' and '.'");
    }
    JsonNode steps = root.get("steps");
    if (steps == null || !steps.isObject() || steps.isEmpty()) {
      throw SpecException.at(source, null, "steps", "expected a mapping of step names to steps");
    }
    Map<String, StepSpec> specs = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = steps.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      specs.put(e.getKey(), step(e.getKey(), e.getValue(), source));
    }
    return PipelineSpec.of(name, specs);
  }

  private static StepSpec step(String name, JsonNode node, String source) {
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw SpecException.at(source, name, null, "not a valid step name; use letters, digits, '_' and '-', starting with a letter");
    }
    if (node == null || !node.isObject()) {
      throw SpecException.at(source, name, null, "expected a mapping with uses, and optionally class, in, with, format");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!STEP_KEYS.contains(k)) {
        throw SpecException.at(source, name, k, "unknown key; a step has uses, class, in, with, format and backend");
      }
    }
    String uses = text(node, "uses", source, name);
    String className = node.has("class") ? text(node, "class", source, name) : null;
    Map<String, InputRef> inputs = new TreeMap<>();
    JsonNode in = node.get("in");
    if (in != null && !in.isNull()) {
      if (!in.isObject()) {
        throw SpecException.at(source, name, "in", "expected a mapping of input ports to step outputs, e.g. { examples: data }");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw SpecException.at(source, name, "in." + e.getKey(), "expected a reference like step or step.port, not " + e.getValue());
        }
        try {
          inputs.put(e.getKey(), InputRef.parse(e.getValue().asText()));
        } catch (IllegalArgumentException ex) {
          throw SpecException.at(source, name, "in." + e.getKey(), ex.getMessage());
        }
      }
    }
    JsonNode with = node.get("with");
    if (with != null && !with.isNull() && !with.isObject()) {
      throw SpecException.at(source, name, "with", "expected a mapping of settings");
    }
    String format = node.has("format") ? text(node, "format", source, name) : null;
    String backend = node.has("backend") ? text(node, "backend", source, name) : null;
    if (backend != null && !StepSpec.knownBackends().contains(backend)) {
      throw SpecException.at(source, name, "backend", "'" + backend + "' is not a backend; use one of " + StepSpec.knownBackends()
          + " (or add one: a BackendProvider in a jar on KILN_CLASSPATH or --jar)");
    }
    return StepSpec.of(name, uses, className, inputs, with == null || with.isNull() ? null : with, format).withBackend(backend);
  }

  private static String text(JsonNode node, String key, String source, String step) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw SpecException.at(source, step, key, "missing");
    }
    if (!v.isTextual()) {
      throw SpecException.at(source, step, key, "expected text, not " + v);
    }
    return v.asText();
  }

  /** Fails on the first alias ({@code *name}) instead of letting it be read as the text "name". */
  private static final class NoAliases extends JsonParserDelegate {
    NoAliases(JsonParser yaml) {
      super(yaml);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (delegate() instanceof YAMLParser y && y.isCurrentAlias()) {
        throw new AliasException(this, "'*" + y.getText() + "' is a YAML alias, which a pipeline file does not"
            + " allow (it would be read as the text \"" + y.getText() + "\"): write the value out");
      }
      return t;
    }
  }

  private static final class AliasException extends JsonParseException {
    private static final long serialVersionUID = 1L;

    AliasException(JsonParser p, String message) {
      super(p, message);
    }
  }
}
