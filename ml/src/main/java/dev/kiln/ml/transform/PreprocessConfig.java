package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code with:} block of a {@code preprocess} step.
 *
 * <pre>
 * with:
 *   fitOn: train                  # the split the parameters are fitted on (default train)
 *   passthrough: [big_tipper]     # copied unchanged (the label)
 *   derive:                       # optional derived columns, usable as features
 *     fare_per_mile: { ratio: [fare, trip_miles] }
 *   features:                     # output columns, by input (or derived) column
 *     fare:         { impute: mean, standardize: true }
 *     payment_type: { vocabulary: { topK: 10 }, oneHot: true }
 * </pre>
 *
 * Features and derived columns are kept sorted by name, so that the output column order (features by
 * name, then passthrough columns in the order given) follows from the normalized config alone.
 */
public record PreprocessConfig(
    @JsonProperty("fitOn") String fitOn,
    @JsonProperty("passthrough") List<String> passthrough,
    @JsonProperty("derive") Map<String, DeriveConfig> derive,
    @JsonProperty("features") Map<String, FeatureConfig> features) implements Serializable {

  public static final String DEFAULT_FIT_SPLIT = "train";

  public PreprocessConfig {
    fitOn = fitOn == null ? DEFAULT_FIT_SPLIT : fitOn;
    if (fitOn.isBlank()) {
      throw new IllegalArgumentException("fitOn must name a split, e.g. fitOn: train");
    }
    passthrough = passthrough == null ? List.of() : List.copyOf(passthrough);
    if (new LinkedHashSet<>(passthrough).size() != passthrough.size()) {
      throw new IllegalArgumentException("passthrough names a column twice: " + passthrough);
    }
    derive = derive == null ? new TreeMap<>() : new TreeMap<>(derive);
    if (features == null || features.isEmpty()) {
      throw new IllegalArgumentException("features is missing: name the columns to transform, e.g. features: { fare: { standardize: true } }");
    }
    features = new TreeMap<>(features);
    for (Map.Entry<String, FeatureConfig> e : features.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException("features." + e.getKey() + " is empty; give its settings, e.g. { impute: mean, standardize: true }");
      }
      if (passthrough.contains(e.getKey())) {
        throw new IllegalArgumentException("'" + e.getKey() + "' is both a feature and passthrough; its output column would clash");
      }
    }
  }
}
