package dev.kiln.ml.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The library that trained a model: its name, version and, for Tribuo, a summary of the provenance
 * Tribuo records with every model (trainer class and its settings), without time stamps or host names.
 *
 * @param provenance a JSON object, or null
 */
public record LibraryInfo(String name, String version, JsonNode provenance) {

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name);
    node.put("version", version);
    if (provenance != null) {
      node.set("provenance", provenance);
    }
    return node;
  }

  static LibraryInfo fromJson(JsonNode node) {
    return new LibraryInfo(JsonFields.text(node, "name", "library"), JsonFields.text(node, "version", "library"),
        node.hasNonNull("provenance") ? node.get("provenance") : null);
  }
}
