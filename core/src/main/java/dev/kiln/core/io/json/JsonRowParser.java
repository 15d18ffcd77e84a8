package dev.kiln.core.io.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * One JSON object to a Row of a schema of long, double, string and boolean columns (a CSV-like
 * schema). A row is rejected ({@link #rejection()}) when a key is not a column, a value does not fit
 * its column's type, or a required column has no value (absent or null). A string column takes any
 * value: numbers and booleans as their JSON text, objects and arrays as their JSON.
 */
final class JsonRowParser {
  private final Schema schema;
  private String rejection;

  JsonRowParser(Schema schema) {
    this.schema = schema;
  }

  /** The Row, or null with {@link #rejection()} set. */
  Row parse(JsonNode object) {
    rejection = null;
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!schema.hasField(key)) {
        rejection = "key '" + key + "' is not a column " + schema.getFieldNames()
            + " (declare it in schema, or raise sampleRows so that inference sees it)";
        return null;
      }
    }
    List<Object> values = new ArrayList<>(schema.getFieldCount());
    for (Schema.Field f : schema.getFields()) {
      JsonNode v = object.get(f.getName());
      if (v == null || v.isNull()) {
        if (!f.getType().getNullable()) {
          rejection = "column '" + f.getName() + "' is required but has no value";
          return null;
        }
        values.add(null);
        continue;
      }
      Object value = value(f, v);
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return Row.withSchema(schema).attachValues(values);
  }

  String rejection() {
    return rejection;
  }

  private Object value(Schema.Field f, JsonNode v) {
    switch (f.getType().getTypeName()) {
      case INT64:
        if (v.isIntegralNumber() && v.canConvertToLong()) {
          return v.longValue();
        }
        return reject(f, v, "a long");
      case DOUBLE:
        return v.isNumber() ? (Object) v.doubleValue() : reject(f, v, "a double");
      case BOOLEAN:
        return v.isBoolean() ? (Object) v.booleanValue() : reject(f, v, "a boolean");
      case STRING:
        return v.isTextual() ? v.textValue() : v.isValueNode() ? v.asText() : v.toString();
      default:
        throw new IllegalStateException("unchecked column type " + f.getType());
    }
  }

  private Object reject(Schema.Field f, JsonNode v, String what) {
    rejection = "column '" + f.getName() + "': " + v + " is not " + what;
    return null;
  }
}
