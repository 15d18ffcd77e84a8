package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * Bounds on one overall metric, as written under {@code thresholds:} (e.g. {@code auc: { min: 0.7 }}).
 *
 * @param min the metric must be at least this
 * @param max the metric must be at most this
 * @param minImprovement the candidate must improve on the baseline model by at least this much; a
 *     negative value allows it to be that much worse. Improvement is in the metric's better direction
 *     ({@link MetricCatalog#direction}): for log loss or RMSE a decrease is an improvement.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Threshold(
    @JsonProperty("min") Double min, @JsonProperty("max") Double max, @JsonProperty("minImprovement") Double minImprovement)
    implements Serializable {

  // Whether a bound is given at all is checked by the step's config: thrown here, it would hide
  // Jackson's "unknown setting" error for a misspelt bound.
  public Threshold {
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("min " + min + " is above max " + max);
    }
    for (Double d : new Double[] {min, max, minImprovement}) {
      if (d != null && !Double.isFinite(d)) {
        throw new IllegalArgumentException("bounds must be finite numbers, not " + d);
      }
    }
  }
}
