package dev.kiln.ml.validate;

import dev.kiln.ml.stats.NumericStatistics;
import dev.kiln.ml.stats.NumericStatistics.QuantilePoint;

/**
 * How many values lie below or above a bound, as far as the statistics can tell: an interval
 * {@code [least, most]} from the quantile points and their deterministic rank error bound {@code B}.
 * For a point {@code (r, v)} over {@code n} values, at most {@code r·n + B} values are below {@code v}
 * and at least {@code r·n − B} are at most {@code v} (ranks 0 and 1 are the exact min and max).
 */
public final class RangeCounts {
  private RangeCounts() {}

  /** Least and most values there can be; equal when the count is exact. */
  public record Interval(long least, long most) {
    public boolean exact() {
      return least == most;
    }
  }

  /**
   * Values below {@code bound}.
   *
   * @param n the number of non-NaN values the quantiles describe
   */
  public static Interval below(NumericStatistics s, long n, double bound) {
    if (s.min() == null || s.min() >= bound) {
      return new Interval(0, 0);
    }
    if (s.max() < bound) {
      return new Interval(n, n);
    }
    long least = 1; // the min itself
    long most = n - 1; // the max is not below
    long errorBound = s.quantiles().rankErrorBound();
    for (QuantilePoint p : s.quantiles().points()) {
      double rn = p.rank() * n;
      if (p.value() < bound) {
        least = Math.max(least, (long) Math.ceil(rn - errorBound));
      } else {
        most = Math.min(most, (long) Math.floor(rn + errorBound));
      }
    }
    return new Interval(Math.min(least, most), most);
  }

  /**
   * Values above {@code bound}.
   *
   * @param n the number of non-NaN values the quantiles describe
   */
  public static Interval above(NumericStatistics s, long n, double bound) {
    if (s.max() == null || s.max() <= bound) {
      return new Interval(0, 0);
    }
    if (s.min() > bound) {
      return new Interval(n, n);
    }
    long least = 1; // the max itself
    long most = n - 1; // the min is not above
    long errorBound = s.quantiles().rankErrorBound();
    for (QuantilePoint p : s.quantiles().points()) {
      double rn = p.rank() * n;
      if (p.value() > bound) {
        // values >= v are above the bound; fewer than r·n + B are below v
        least = Math.max(least, n - (long) Math.floor(rn + errorBound));
      } else {
        // values above the bound are above v; at least r·n − B are at most v
        most = Math.min(most, n - (long) Math.ceil(rn - errorBound));
      }
    }
    return new Interval(Math.min(least, most), most);
  }
}
