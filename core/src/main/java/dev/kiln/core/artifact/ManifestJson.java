package dev.kiln.core.artifact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Manifest to and from canonical JSON: pretty, keys sorted, unknown keys rejected. */
final class ManifestJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .build();

  private ManifestJson() {}

  static byte[] write(Manifest manifest) {
    try {
      return (MAPPER.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize manifest: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses manifest JSON.
   *
   * @param source named in the error message
   * @throws IllegalArgumentException one line naming {@code source}, the line and column, the JSON
   *     path and the problem
   */
  static Manifest read(byte[] json, String source) {
    try {
      return MAPPER.readValue(json, Manifest.class);
    } catch (JsonProcessingException e) {
      StringBuilder msg = new StringBuilder(source).append(" is not a valid manifest");
      if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
        msg.append(" (line ").append(e.getLocation().getLineNr())
            .append(", column ").append(e.getLocation().getColumnNr()).append(')');
      }
      if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
        msg.append(" at ").append(path(m));
      }
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
      String problem = cause != null ? cause.getMessage() : e.getOriginalMessage();
      msg.append(": ").append(problem.lines().findFirst().orElse(problem));
      throw new IllegalArgumentException(msg.toString(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** Writes a String that holds JSON as the JSON value itself, so the schema reads naturally. */
  static final class EmbeddedJsonWriter extends JsonSerializer<String> {
    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeTree(MAPPER.readTree(value));
    }
  }

  /** Reads any JSON value back into its compact text. */
  static final class EmbeddedJsonReader extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      return node.toString();
    }
  }
}
