package dev.kiln.core.io.csv;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;

/**
 * The column types a CSV source can produce, by the names a user writes in a declared schema
 * ({@code long}, {@code double}, {@code string}, {@code boolean}, {@code timestamp}), with their
 * Beam field types.
 */
public enum CsvColumnType {
  LONG("long", FieldType.INT64),
  DOUBLE("double", FieldType.DOUBLE),
  STRING("string", FieldType.STRING),
  BOOLEAN("boolean", FieldType.BOOLEAN),
  /**
   * An instant, to the millisecond: {@code 2001-01-31}, {@code 2001-01-31 13:45}, {@code
   * 2001-01-31T13:45:07.250}, optionally with {@code Z} or an offset such as {@code +01:00}; without
   * one the time is UTC. Declared only, never inferred.
   */
  TIMESTAMP("timestamp", FieldType.DATETIME);

  private final String typeName;
  private final FieldType fieldType;

  CsvColumnType(String typeName, FieldType fieldType) {
    this.typeName = typeName;
    this.fieldType = fieldType;
  }

  /** The name a user writes, e.g. {@code double}. */
  public String typeName() {
    return typeName;
  }

  /** The non-nullable Beam field type. */
  public FieldType fieldType() {
    return fieldType;
  }

  /**
   * The type a user names, case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed types when {@code name} is not one
   */
  public static CsvColumnType named(String name) {
    for (CsvColumnType t : values()) {
      if (t.typeName.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown CSV column type '" + name + "'; use one of " + allowedNames());
  }

  /**
   * The column type of a Beam field type (nullability ignored).
   *
   * @throws IllegalArgumentException when a CSV column cannot hold that type
   */
  public static CsvColumnType of(FieldType type) {
    TypeName name = type.getTypeName();
    for (CsvColumnType t : values()) {
      if (t.fieldType.getTypeName() == name) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "a CSV column cannot be of type " + name + "; use one of " + allowedNames());
  }

  /** A schema field of this type: nullable unless {@code required}. */
  public Schema.Field field(String name, boolean required) {
    return Schema.Field.of(name, fieldType.withNullable(!required));
  }

  private static String allowedNames() {
    return Arrays.stream(values()).map(CsvColumnType::typeName).collect(Collectors.joining(", "));
  }
}
