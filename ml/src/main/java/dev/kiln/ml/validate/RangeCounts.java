package dev.kiln.ml.validate;

import dev.kiln.ml.stats.NumericStatistics;
import dev.kiln.ml.stats.NumericStatistics.Bucket;
import dev.kiln.ml.stats.NumericStatistics.QuantilePoint;
import java.util.List;

/**
 * How many values lie below or above a bound, as far as the statistics can tell: an interval
 * {@code [least, most]}, the tightest that two proven facts allow, with {@code B} the sketch's rank
 * error bound and {@code n} the number of non-NaN values:
 *
 * <ul>
 *   <li>for a quantile point {@code (r, v)}, at most {@code r·n + B} values are below {@code v} and at
 *       least {@code r·n − B} are at most {@code v} (ranks 0 and 1 are the exact min and max);
 *   <li>the histogram buckets from bucket {@code j} (j ≥ 1) to the last hold within {@code B} of the
 *       true number of values at or above bucket {@code j}'s low edge.
 * </ul>
 *
 * <p>When the sketch is exact ({@code B = 0}) a bound that falls on an edge or quantile gives an exact
 * count.
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
   * Values strictly below {@code bound}.
   *
   * @param n the number of non-NaN values the statistics describe
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
    long b = s.quantiles().rankErrorBound();
    for (QuantilePoint p : s.quantiles().points()) {
      double rn = p.rank() * n;
      if (p.value() < bound) {
        least = Math.max(least, (long) Math.ceil(rn - b)); // values <= v < bound
      } else {
        most = Math.min(most, (long) Math.floor(rn + b)); // values < bound <= v are below v
      }
    }
    if (s.histogram() != null) {
      List<Bucket> buckets = s.histogram().buckets();
      long atOrAbove = 0;
      for (int j = buckets.size() - 1; j >= 1; j--) {
        atOrAbove += buckets.get(j).count();
        double edge = buckets.get(j).low();
        if (edge <= bound) {
          least = Math.max(least, n - atOrAbove - b); // values below the edge are below the bound
        }
        if (edge >= bound) {
          most = Math.min(most, n - atOrAbove + b); // values below the bound are below the edge
        }
      }
    }
    return new Interval(Math.min(least, most), most);
  }

  /**
   * Values strictly above {@code bound}.
   *
   * @param n the number of non-NaN values the statistics describe
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
    long b = s.quantiles().rankErrorBound();
    for (QuantilePoint p : s.quantiles().points()) {
      double rn = p.rank() * n;
      if (p.value() > bound) {
        least = Math.max(least, n - (long) Math.floor(rn + b)); // values >= v > bound
      } else {
        most = Math.min(most, n - (long) Math.ceil(rn - b)); // values above the bound are above v
      }
    }
    if (s.histogram() != null) {
      List<Bucket> buckets = s.histogram().buckets();
      long atOrAbove = 0;
      for (int j = buckets.size() - 1; j >= 1; j--) {
        atOrAbove += buckets.get(j).count();
        double edge = buckets.get(j).low();
        if (edge > bound) {
          least = Math.max(least, atOrAbove - b); // values at or above the edge are above the bound
        } else {
          most = Math.min(most, atOrAbove + b); // values above the bound are at or above the edge
        }
      }
    }
    return new Interval(Math.min(least, most), most);
  }
}
