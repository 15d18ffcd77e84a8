package dev.kiln.ml.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;

/**
 * Figures of a numeric field over its non-null values. Moments, min and max leave NaN out (counted
 * in {@code nan}); they are null when no other value exists.
 *
 * @param mean arithmetic mean
 * @param stdDev population standard deviation (divided by the count, not count - 1)
 * @param min smallest value
 * @param max largest value
 * @param zeros values equal to 0
 * @param nan NaN values
 * @param quantiles approximate quantiles with their error bound, null when there are no values
 * @param histogram equal-width histogram over [min, max], null when there are no values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NumericStatistics(
    Double mean, Double stdDev, Double min, Double max, long zeros, long nan, Quantiles quantiles, Histogram histogram)
    implements Serializable {

  /**
   * Quantiles from the sketch. For every point, the number of values below {@code value} is at most
   * {@code rank * n + rankErrorBound} and the number up to and including it at least
   * {@code rank * n - rankErrorBound}, where {@code n} is the count of non-NaN values; ranks 0 and 1 are
   * the exact min and max. The bound is deterministic (tracked by the sketch), not probabilistic.
   *
   * @param rankErrorBound absolute rank error bound, 0 when exact
   * @param rankError the same relative to n
   * @param points quantiles in rank order
   */
  public record Quantiles(long rankErrorBound, double rankError, List<QuantilePoint> points) implements Serializable {
    public Quantiles {
      points = List.copyOf(points);
    }
  }

  /** The value at one rank (a fraction in [0, 1]). */
  public record QuantilePoint(double rank, double value) implements Serializable {}

  /**
   * Equal-width buckets between the exact min and max, built from the quantile sketch at
   * extraction time (so one pass suffices). Bucket counts add up to the non-NaN count; each is
   * within {@code countErrorBound} (twice the sketch's rank bound) of the true count. The counts of
   * the buckets from any bucket to the last add up to within the rank bound (half of
   * {@code countErrorBound}) of the true number of values at or above that bucket's low edge, since
   * every inner edge is one estimated rank.
   */
  public record Histogram(long countErrorBound, List<Bucket> buckets) implements Serializable {
    public Histogram {
      buckets = List.copyOf(buckets);
    }
  }

  /** Values in {@code [low, high)}; the last bucket also holds {@code high}. */
  public record Bucket(double low, double high, long count) implements Serializable {}
}
