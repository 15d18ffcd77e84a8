package dev.kiln.core.spec;

import dev.kiln.core.fingerprint.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Canonical JSON: object keys sorted at every level, no insignificant whitespace, numbers as
 * Jackson writes them. Two equal trees always give the same bytes, so their hash identifies them.
 */
public final class CanonicalJson {
  /** The mapper Kiln uses for every JSON it reads or writes. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private CanonicalJson() {}

  /** A copy of {@code node} with every object's keys sorted. */
  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> out.add(sorted(child)));
      return out;
    }
    return node;
  }

  /** The canonical string of a tree. */
  public static String of(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The canonical string of any value Jackson can serialize (records, maps, lists). */
  public static String ofValue(Object value) {
    return of(MAPPER.valueToTree(value));
  }

  /** Hex SHA-256 of the canonical string. */
  public static String sha256(JsonNode node) {
    return sha256(of(node));
  }

  /** Hex SHA-256 of a string's UTF-8 bytes. */
  public static String sha256(String text) {
    return Sha256.hexOfUtf8(text);
  }
}
