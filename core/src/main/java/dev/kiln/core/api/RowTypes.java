package dev.kiln.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.io.csv.CsvColumnType;
import java.util.Map;

/** A declared schema (column to type name, in order) as the sources' {@code schema:} setting holds it. */
final class RowTypes {
  private RowTypes() {}

  static ObjectNode names(Map<String, CsvColumnType> schema) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    schema.forEach((column, type) -> node.put(column, type.typeName()));
    return node;
  }

  static ObjectNode add(JsonNode existing, String column, CsvColumnType type) {
    ObjectNode node = existing instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    node.put(column, type.typeName());
    return node;
  }
}
