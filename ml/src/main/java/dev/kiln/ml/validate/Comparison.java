package dev.kiln.ml.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * How two distributions are compared, for drift (between splits) and skew (against a baseline): the
 * L-infinity distance of value frequencies for categorical (string, boolean) features, the
 * Jensen–Shannon divergence of histograms for numeric ones, each against a threshold.
 *
 * <pre>{@code
 * drift: { against: train, categoricalThreshold: 0.1, numericThreshold: 0.1, thresholds: { fare: 0.05 } }
 * }</pre>
 *
 * @param against the split compared with: for drift a split of the same statistics (default
 *     {@code train}); for skew a split of the baseline (default: the split of the same name, or the
 *     baseline's only split)
 * @param categoricalThreshold largest allowed L-infinity distance (default {@value #DEFAULT_THRESHOLD})
 * @param numericThreshold largest allowed Jensen–Shannon divergence (default {@value #DEFAULT_THRESHOLD})
 * @param thresholds per-feature thresholds that replace the default for that feature
 */
public record Comparison(
    @JsonProperty("against") String against,
    @JsonProperty("categoricalThreshold") Double categoricalThreshold,
    @JsonProperty("numericThreshold") Double numericThreshold,
    @JsonProperty("thresholds") Map<String, Double> thresholds)
    implements Serializable {
  public static final double DEFAULT_THRESHOLD = 0.1;

  public Comparison {
    categoricalThreshold = checked("categoricalThreshold", categoricalThreshold == null ? DEFAULT_THRESHOLD : categoricalThreshold);
    numericThreshold = checked("numericThreshold", numericThreshold == null ? DEFAULT_THRESHOLD : numericThreshold);
    TreeMap<String, Double> t = new TreeMap<>();
    if (thresholds != null) {
      thresholds.forEach((feature, value) -> t.put(feature, checked("thresholds." + feature, value)));
    }
    thresholds = t;
    if (against != null && against.isEmpty()) {
      throw new IllegalArgumentException("against must name a split, e.g. train");
    }
  }

  /** Default thresholds, {@code against} left to the caller's default. */
  public static Comparison defaults() {
    return new Comparison(null, null, null, null);
  }

  private static double checked(String key, Double value) {
    if (value == null || !(value >= 0) || value > 1) {
      throw new IllegalArgumentException(key + " must be a number in [0, 1], not " + value);
    }
    return value;
  }

  /** The threshold of {@code feature}: its own, or the default for its kind. */
  double threshold(String feature, boolean categorical) {
    Double own = thresholds.get(feature);
    return own != null ? own : categorical ? categoricalThreshold : numericThreshold;
  }
}
