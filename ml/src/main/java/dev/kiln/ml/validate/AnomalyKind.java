package dev.kiln.ml.validate;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What is wrong with a feature. */
public enum AnomalyKind {
  /** In the schema, not in the data. */
  MISSING_FEATURE,
  /** In the data, not in the schema. */
  UNEXPECTED_FEATURE,
  /** The data's type does not fit the schema's (e.g. STRING where DOUBLE is expected). */
  TYPE_MISMATCH,
  /** A required feature has rows without a value. */
  MISSING_VALUES,
  /** String values outside the schema's domain. */
  OUT_OF_DOMAIN,
  /** Numbers outside the schema's range. */
  OUT_OF_RANGE,
  /** A split's distribution differs from another split's (e.g. eval from train) beyond a threshold. */
  DRIFT,
  /** The data's distribution differs from a baseline's (earlier data) beyond a threshold. */
  SKEW;

  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
