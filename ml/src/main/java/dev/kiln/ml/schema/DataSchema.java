package dev.kiln.ml.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Schema artifact: what the features of a dataset must look like — type, required or optional,
 * allowed string values, allowed numeric range. Inferred from statistics ({@link SchemaInference}) or
 * pinned in a file of the user's project; {@link SchemaJson} reads and writes it.
 *
 * @param format the document version, {@link #FORMAT}
 * @param features one per column, in column order; names are unique
 */
public record DataSchema(@JsonProperty("format") Integer format, @JsonProperty("features") List<FeatureSchema> features)
    implements Serializable {
  /** The current document version. */
  public static final int FORMAT = 1;

  public DataSchema {
    if (format == null) {
      throw new IllegalArgumentException("format is missing (use " + FORMAT + ")");
    }
    if (format != FORMAT) {
      throw new IllegalArgumentException("format " + format + " is not one this Kiln reads (" + FORMAT + ")");
    }
    if (features == null) {
      throw new IllegalArgumentException("features are missing");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      FeatureSchema f = features.get(i);
      if (f == null) {
        throw new IllegalArgumentException("features[" + i + "] is null");
      }
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("feature '" + f.name() + "' is listed twice");
      }
    }
    features = List.copyOf(features);
  }

  /** A schema of the current format. */
  public static DataSchema of(List<FeatureSchema> features) {
    return new DataSchema(FORMAT, features);
  }

  /** The feature named {@code name}, if the schema has it. */
  public Optional<FeatureSchema> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
