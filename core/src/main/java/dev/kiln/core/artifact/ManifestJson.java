package dev.kiln.core.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Manifest to and from canonical JSON: pretty-printed, keys in sorted order, the Avro schema
 * embedded as a JSON object.
 *
 * <p>Mapped by hand on Jackson's tree model rather than by data binding: reading a manifest is on
 * the path of a fully cached run, and binding records costs hundreds of milliseconds of reflection
 * in a cold JVM. It also lets every error name the exact field.
 */
final class ManifestJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ManifestJson() {}

  static byte[] write(Manifest m) {
    // Keys are added in sorted order: ObjectNode keeps insertion order.
    ObjectNode root = MAPPER.createObjectNode();
    if (m.avroSchema() != null) {
      try {
        root.set("avroSchema", MAPPER.readTree(m.avroSchema()));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("avroSchema is not JSON: " + e.getOriginalMessage(), e);
      }
    }
    root.put("committedAt", m.committedAt());
    root.put("fingerprint", m.fingerprint());
    if (m.format() != null) {
      root.put("format", m.format().id());
    }
    root.put("kilnVersion", m.kilnVersion());
    root.put("kind", m.kind());
    root.put("manifestVersion", m.manifestVersion());
    ObjectNode producer = root.putObject("producer");
    producer.put("executionId", m.producer().executionId());
    producer.put("pipeline", m.producer().pipeline());
    producer.put("port", m.producer().port());
    producer.put("step", m.producer().step());
    root.put("records", m.records());
    ArrayNode splits = root.putArray("splits");
    for (Manifest.SplitEntry s : m.splits()) {
      ObjectNode split = splits.addObject();
      ArrayNode files = split.putArray("files");
      for (Manifest.FileEntry f : s.files()) {
        ObjectNode file = files.addObject();
        file.put("modifiedMillis", f.modifiedMillis());
        file.put("path", f.path());
        file.put("sha256", f.sha256());
        file.put("sizeBytes", f.sizeBytes());
      }
      split.put("fingerprint", s.fingerprint());
      split.put("name", s.name());
      split.put("records", s.records());
    }
    try {
      return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize manifest: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses manifest JSON.
   *
   * @param source the file, named in error messages
   * @throws IllegalArgumentException one line naming {@code source} and the line or field at fault
   */
  static Manifest read(byte[] json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw new IllegalArgumentException(
          source + " is not a valid manifest" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage(), e);
    }
    Manifest manifest;
    try {
      manifest = new Reader(root).manifest();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not a valid manifest: " + e.getMessage(), e);
    }
    String inconsistent = manifest.inconsistency();
    if (inconsistent != null) {
      throw new IllegalArgumentException(source + " is not a valid manifest: " + inconsistent);
    }
    return manifest;
  }

  /** Typed field access that names the field's path in every error. */
  private record Reader(JsonNode root) {
    Manifest manifest() {
      if (!root.isObject()) {
        throw new IllegalArgumentException("expected a JSON object");
      }
      String kind = text(root, "kind", "");
      boolean dataset = Manifest.DATASET.equals(kind);
      JsonNode schema = dataset ? field(root, "avroSchema", "") : null;
      if (dataset && !schema.isObject()) {
        throw new IllegalArgumentException("field 'avroSchema' must be an object");
      }
      JsonNode p = object(root, "producer", "");
      Manifest.Producer producer = new Manifest.Producer(
          text(p, "pipeline", "producer."), text(p, "step", "producer."), text(p, "port", "producer."),
          number(p, "executionId", "producer."));
      List<Manifest.SplitEntry> splits = new ArrayList<>();
      JsonNode splitArray = array(root, "splits", "");
      for (int i = 0; i < splitArray.size(); i++) {
        String at = "splits[" + i + "].";
        JsonNode s = splitArray.get(i);
        List<Manifest.FileEntry> files = new ArrayList<>();
        JsonNode fileArray = array(s, "files", at);
        for (int j = 0; j < fileArray.size(); j++) {
          String fat = at + "files[" + j + "].";
          JsonNode f = fileArray.get(j);
          files.add(new Manifest.FileEntry(text(f, "path", fat), number(f, "sizeBytes", fat),
              number(f, "modifiedMillis", fat), text(f, "sha256", fat)));
        }
        splits.add(new Manifest.SplitEntry(text(s, "name", at), number(s, "records", at), text(s, "fingerprint", at), files));
      }
      return new Manifest((int) number(root, "manifestVersion", ""), kind,
          dataset ? DatasetFormat.of(text(root, "format", "")) : null, dataset ? schema.toString() : null,
          number(root, "records", ""),
          text(root, "fingerprint", ""), splits, producer, text(root, "kilnVersion", ""),
          text(root, "committedAt", ""), null);
    }

    private static JsonNode field(JsonNode node, String name, String at) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw new IllegalArgumentException("field '" + at + name + "' is missing");
      }
      return value;
    }

    private static String text(JsonNode node, String name, String at) {
      JsonNode v = field(node, name, at);
      if (!v.isTextual()) {
        throw new IllegalArgumentException("field '" + at + name + "' must be a string, was " + v);
      }
      return v.textValue();
    }

    private static long number(JsonNode node, String name, String at) {
      JsonNode v = field(node, name, at);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw new IllegalArgumentException("field '" + at + name + "' must be an integer, was " + v);
      }
      return v.longValue();
    }

    private static JsonNode object(JsonNode node, String name, String at) {
      JsonNode v = field(node, name, at);
      if (!v.isObject()) {
        throw new IllegalArgumentException("field '" + at + name + "' must be an object");
      }
      return v;
    }

    private static JsonNode array(JsonNode node, String name, String at) {
      JsonNode v = field(node, name, at);
      if (!v.isArray()) {
        throw new IllegalArgumentException("field '" + at + name + "' must be an array");
      }
      return v;
    }
  }
}
