package dev.kiln.ml.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.ml.stats.FeatureKind;
import java.io.Serializable;
import java.util.List;
import java.util.TreeSet;

/**
 * What one feature must look like.
 *
 * @param name the column name
 * @param type the type name as statistics report it ({@code INT64}, {@code DOUBLE}, {@code STRING},
 *     {@code BOOLEAN}, ...; see {@link FeatureTypes})
 * @param required whether every row must have a value (no missing values); false when absent
 * @param domain for a STRING feature, the allowed values (sorted); null when any value is allowed
 * @param range for a numeric feature, the allowed values; null when any value is allowed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSchema(
    @JsonProperty("name") String name,
    @JsonProperty("type") String type,
    @JsonProperty("required") Boolean required,
    @JsonProperty("domain") List<String> domain,
    @JsonProperty("range") ValueRange range)
    implements Serializable {

  public FeatureSchema {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name is missing");
    }
    if (type == null) {
      throw new IllegalArgumentException("feature '" + name + "': type is missing");
    }
    if (!FeatureTypes.isKnown(type)) {
      throw new IllegalArgumentException("feature '" + name + "': type '" + type + "' is not a known type; use one of "
          + FeatureTypes.scalarNames() + " or ARRAY<...>");
    }
    required = required != null && required;
    FeatureKind kind = FeatureTypes.kindOf(type);
    if (domain != null) {
      if (kind != FeatureKind.STRING) {
        throw new IllegalArgumentException("feature '" + name + "': domain is for STRING features, this one is " + type);
      }
      TreeSet<String> values = new TreeSet<>();
      for (String v : domain) {
        if (v == null) {
          throw new IllegalArgumentException("feature '" + name + "': domain has a null value");
        }
        if (!values.add(v)) {
          throw new IllegalArgumentException("feature '" + name + "': domain lists '" + v + "' twice");
        }
      }
      domain = List.copyOf(values);
    }
    if (range != null && kind != FeatureKind.NUMERIC) {
      throw new IllegalArgumentException("feature '" + name + "': range is for numeric features, this one is " + type);
    }
  }

  /** How the feature is summarized, from its type. */
  @JsonIgnore
  public FeatureKind kind() {
    return FeatureTypes.kindOf(type);
  }

  /**
   * Allowed numeric values {@code [min, max]}; either side may be open (null), not both.
   *
   * @param min smallest allowed value, or null
   * @param max largest allowed value, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ValueRange(@JsonProperty("min") Double min, @JsonProperty("max") Double max) implements Serializable {
    public ValueRange {
      if (min == null && max == null) {
        throw new IllegalArgumentException("range needs min, max or both");
      }
      if ((min != null && !Double.isFinite(min)) || (max != null && !Double.isFinite(max))) {
        throw new IllegalArgumentException("range bounds must be finite numbers");
      }
      if (min != null && max != null && min > max) {
        throw new IllegalArgumentException("range min " + min + " is above max " + max);
      }
    }

    /** Whether {@code x} is allowed. */
    public boolean contains(double x) {
      return (min == null || x >= min) && (max == null || x <= max);
    }
  }
}
