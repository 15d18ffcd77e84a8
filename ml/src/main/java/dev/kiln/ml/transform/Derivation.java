package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A derived column: one of a fixed set of functions of raw numeric columns. The set is small on
 * purpose (an expression language is a project of its own): {@code log1p}, {@code ratio},
 * {@code hourOfDay} and {@code dayOfWeek} of epoch seconds (UTC). The result is a number, or missing
 * when an argument is missing or the function is undefined there.
 *
 * @param name the derived column's name
 * @param function {@link #LOG1P}, {@link #RATIO}, {@link #HOUR_OF_DAY} or {@link #DAY_OF_WEEK}
 * @param args the raw columns it reads (two for a ratio, else one)
 */
public record Derivation(
    @JsonProperty("name") String name,
    @JsonProperty("function") String function,
    @JsonProperty("args") List<String> args) implements Serializable {
  public static final String LOG1P = "log1p";
  public static final String RATIO = "ratio";
  public static final String HOUR_OF_DAY = "hourOfDay";
  public static final String DAY_OF_WEEK = "dayOfWeek";
  private static final Set<String> FUNCTIONS = Set.of(LOG1P, RATIO, HOUR_OF_DAY, DAY_OF_WEEK);

  public Derivation {
    Objects.requireNonNull(name, "name");
    if (!FUNCTIONS.contains(function)) {
      throw new IllegalArgumentException("unknown derivation function '" + function + "'; known are " + FUNCTIONS);
    }
    args = List.copyOf(args);
    if (args.size() != (function.equals(RATIO) ? 2 : 1)) {
      throw new IllegalArgumentException(function + " takes " + (function.equals(RATIO) ? 2 : 1) + " column(s), not " + args);
    }
  }

  /** The value for canonical numeric arguments (Doubles or null), as a Double or null. */
  public Double evaluate(Double[] values) {
    Double a = values[0];
    if (a == null) {
      return null;
    }
    switch (function) {
      case LOG1P:
        return a > -1 ? Math.log1p(a) : null;
      case RATIO:
        Double b = values[1];
        return b == null || b == 0 ? null : a / b;
      case HOUR_OF_DAY:
        return (double) Math.floorDiv(Math.floorMod((long) Math.floor(a), 86_400L), 3_600L);
      default: // DAY_OF_WEEK: 1970-01-01 was a Thursday (ISO day 4)
        return (double) (Math.floorMod(Math.floorDiv((long) Math.floor(a), 86_400L) + 3, 7L) + 1);
    }
  }

  @Override
  public String toString() {
    return name + " = " + function + "(" + String.join(", ", args) + ")";
  }
}
