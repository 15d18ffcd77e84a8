package dev.kiln.ml.stats;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema;

/** How a field is summarized, decided by its schema type. */
public enum FeatureKind {
  /** BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, DECIMAL (as double). */
  NUMERIC,
  /** STRING. */
  STRING,
  /** BOOLEAN. */
  BOOLEAN,
  /** Anything else: only count and missing. */
  OTHER;

  /** The kind for a field type; logical types count as OTHER. */
  public static FeatureKind of(Schema.FieldType type) {
    return switch (type.getTypeName()) {
      case BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, DECIMAL -> NUMERIC;
      case STRING -> STRING;
      case BOOLEAN -> BOOLEAN;
      default -> OTHER;
    };
  }

  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
