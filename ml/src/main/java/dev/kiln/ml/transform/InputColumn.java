package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;

/**
 * A raw input column a {@link TransformGraph} reads, with the Beam type it was fitted on.
 *
 * @param name the column name
 * @param type the Beam type name (DOUBLE, INT64, STRING, BOOLEAN, ...); a primitive type
 * @param nullable whether the column may be missing in a row
 */
public record InputColumn(
    @JsonProperty("name") String name,
    @JsonProperty("type") String type,
    @JsonProperty("nullable") boolean nullable) implements Serializable {

  public InputColumn {
    Objects.requireNonNull(name, "name");
    Schema.TypeName t;
    try {
      t = Schema.TypeName.valueOf(Objects.requireNonNull(type, "type"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column '" + name + "' has unknown type '" + type + "'");
    }
    if (!t.isPrimitiveType()) {
      throw new IllegalArgumentException("column '" + name + "' has type " + type + "; only primitive types are supported");
    }
  }

  /** The column of {@code field}. */
  public static InputColumn of(Schema.Field field) {
    return new InputColumn(field.getName(), field.getType().getTypeName().name(), field.getType().getNullable());
  }

  public Schema.TypeName typeName() {
    return Schema.TypeName.valueOf(type);
  }

  /** The kind of its values, or null for a type that can only pass through (bytes, date-time, ...). */
  public ValueKind kind() {
    return ValueKind.of(typeName());
  }

  /** The Beam field of this column. */
  public Schema.Field field() {
    return Schema.Field.of(name, Schema.FieldType.of(typeName()).withNullable(nullable));
  }
}
