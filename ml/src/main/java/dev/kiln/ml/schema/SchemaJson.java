package dev.kiln.ml.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.kiln.core.spec.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link DataSchema} to and from canonical JSON (sorted keys, no whitespace, null members left out).
 * Reading checks everything a hand-written (pinned) schema file can get wrong and reports the first
 * problem in one line naming the file, the JSON path and the feature.
 *
 * <pre>{@code
 * {"features":[{"domain":["Cash","Credit Card"],"name":"payment_type","required":true,"type":"STRING"},
 *              {"name":"fare","range":{"max":500.0,"min":0.0},"required":false,"type":"DOUBLE"}],"format":1}
 * }</pre>
 */
public final class SchemaJson {
  private static final ObjectMapper MAPPER =
      CanonicalJson.MAPPER.copy()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
          .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false);

  private SchemaJson() {}

  public static String toJson(DataSchema schema) {
    return CanonicalJson.of(MAPPER.valueToTree(schema));
  }

  /**
   * Reads a schema.
   *
   * @param source what the text is, for messages (a file name)
   * @throws InvalidSchemaException one line: {@code source: path: problem}
   */
  public static DataSchema fromJson(String json, String source) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json); // syntax first: its errors have a line and column
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidSchemaException(source + ": malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new InvalidSchemaException(source + ": is empty; a schema is {\"format\":1,\"features\":[...]}");
    }
    if (!tree.isObject()) {
      throw new InvalidSchemaException(source + ": expected an object {\"format\":1,\"features\":[...]}");
    }
    try {
      DataSchema schema = MAPPER.treeToValue(tree, DataSchema.class);
      if (schema == null) {
        throw new InvalidSchemaException(source + ": is empty; a schema is {\"format\":1,\"features\":[...]}");
      }
      return schema;
    } catch (UnrecognizedPropertyException e) {
      List<String> known = new ArrayList<>();
      if (e.getKnownPropertyIds() != null) {
        e.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
      }
      known.sort(null);
      throw fail(source, e, "unknown key; keys here are " + known);
    } catch (ValueInstantiationException e) {
      // A record's constructor rejected the values; its message names the feature and the key.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw fail(source, e, cause.getMessage());
    } catch (MismatchedInputException e) {
      throw fail(source, e, "expected " + friendly(e.getTargetType()));
    } catch (JsonMappingException e) {
      throw fail(source, e, e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new InvalidSchemaException(source + ": " + firstLine(e.getOriginalMessage()));
    }
  }

  private static InvalidSchemaException fail(String source, JsonMappingException e, String what) {
    String path = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    return new InvalidSchemaException(source + ": " + (path.isEmpty() ? "" : path + ": ") + firstLine(what));
  }

  private static String friendly(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object (" + type.getSimpleName() + ")";
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
