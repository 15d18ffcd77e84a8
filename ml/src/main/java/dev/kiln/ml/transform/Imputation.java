package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Objects;

/**
 * A fitted imputation: missing values of a feature become {@code value}.
 *
 * @param strategy how the value was chosen ({@link Impute}'s strategies)
 * @param value the fill value in canonical form: a Double, String or Boolean
 */
public record Imputation(@JsonProperty("strategy") String strategy, @JsonProperty("value") Object value)
    implements Serializable {
  public Imputation {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(value, "imputation value");
    if (value instanceof Number n) {
      value = n.doubleValue(); // JSON reads 3 as an Integer; canonical numbers are Doubles
    } else if (!(value instanceof String) && !(value instanceof Boolean)) {
      throw new IllegalArgumentException("an imputation value must be a number, text or true/false, not " + value);
    }
  }

  @Override
  public String toString() {
    return "impute " + strategy + "=" + value;
  }
}
