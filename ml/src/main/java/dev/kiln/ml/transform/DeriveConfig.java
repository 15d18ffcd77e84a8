package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A derived column, as written under {@code with.derive.<name>}: exactly one of a small fixed set of
 * functions of raw columns. A derived column is a number; name it under {@code features} to output it.
 *
 * @param log1p {@code ln(1 + x)} of a numeric column (missing when x <= -1)
 * @param ratio {@code a / b} of two numeric columns (missing when b is 0)
 * @param hourOfDay the UTC hour (0..23) of a column of epoch seconds
 * @param dayOfWeek the UTC ISO day of the week (1 = Monday .. 7 = Sunday) of a column of epoch seconds
 */
public record DeriveConfig(
    @JsonProperty("log1p") String log1p,
    @JsonProperty("ratio") List<String> ratio,
    @JsonProperty("hourOfDay") String hourOfDay,
    @JsonProperty("dayOfWeek") String dayOfWeek) implements Serializable {

  public DeriveConfig {
    int given = (log1p != null ? 1 : 0) + (ratio != null ? 1 : 0) + (hourOfDay != null ? 1 : 0) + (dayOfWeek != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("a derived column takes exactly one of log1p: col, ratio: [a, b], hourOfDay: col, dayOfWeek: col");
    }
    if (ratio != null && (ratio.size() != 2 || ratio.contains(null))) {
      throw new IllegalArgumentException("ratio takes two columns, e.g. ratio: [fare, trip_miles]");
    }
    ratio = ratio == null ? null : List.copyOf(ratio);
  }

  /** The derivation this config describes, for the derived column {@code name}. */
  public Derivation toDerivation(String name) {
    if (log1p != null) {
      return new Derivation(name, Derivation.LOG1P, List.of(log1p));
    }
    if (ratio != null) {
      return new Derivation(name, Derivation.RATIO, new ArrayList<>(ratio));
    }
    if (hourOfDay != null) {
      return new Derivation(name, Derivation.HOUR_OF_DAY, List.of(hourOfDay));
    }
    return new Derivation(name, Derivation.DAY_OF_WEEK, List.of(dayOfWeek));
  }
}
