package dev.kiln.ml.validate;

import dev.kiln.ml.stats.NumericStatistics;
import dev.kiln.ml.stats.NumericStatistics.Bucket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Distances between two distributions of one feature.
 *
 * <ul>
 *   <li>{@link #lInfinity}: for categorical features, the largest absolute difference between the
 *       two normalized value frequencies, {@code max_v |p(v) - q(v)|}, in [0, 1].
 *   <li>{@link #jensenShannon}: for numeric features, the Jensen–Shannon divergence (base 2, so in
 *       [0, 1]) of two histograms after rebinning both onto the union of their bucket edges.
 * </ul>
 *
 * <p>The numeric check uses the equal-mass histogram the quantiles describe ({@link #quantileMasses}:
 * 5% of the values between consecutive 5% quantiles) rather than the equal-width one: equal-width
 * buckets over [min, max] put nearly all values of a long-tailed feature (trip miles up to 1,710)
 * into the first bucket, and rebinning that bucket's mass evenly across another split's much finer
 * buckets reports a large divergence between two random samples of the same data.
 */
public final class Distances {
  private Distances() {}

  /** The value with the largest frequency difference and that difference. */
  public record LInfinity(String value, double distance, double p, double q) {}

  /**
   * L-infinity distance of value frequencies. Frequencies are counts divided by the totals (rows with
   * a value), so values left out of a top-k list count as frequency 0 there.
   *
   * @param p value counts of the first distribution
   * @param pTotal the first distribution's total (the denominator)
   * @param q value counts of the second distribution
   * @param qTotal the second distribution's total
   */
  public static LInfinity lInfinity(Map<String, Long> p, long pTotal, Map<String, Long> q, long qTotal) {
    if (pTotal <= 0 || qTotal <= 0) {
      throw new IllegalArgumentException("totals must be positive, got " + pTotal + " and " + qTotal);
    }
    TreeSet<String> values = new TreeSet<>(p.keySet());
    values.addAll(q.keySet());
    LInfinity best = new LInfinity(null, 0, 0, 0);
    for (String v : values) {
      double fp = (double) p.getOrDefault(v, 0L) / pTotal;
      double fq = (double) q.getOrDefault(v, 0L) / qTotal;
      double d = Math.abs(fp - fq);
      if (d > best.distance() + 1e-12) { // near-ties (rounding) keep the first value in sorted order
        best = new LInfinity(v, d, fp, fq);
      }
    }
    return best;
  }

  /**
   * Mass spread evenly over {@code [low, high]}, or all at one point when {@code low == high}.
   *
   * @param weight a count or a share; only proportions matter
   */
  public record Mass(double low, double high, double weight) {
    public Mass {
      if (!(high >= low)) {
        throw new IllegalArgumentException("mass over [" + low + ", " + high + "]: high is below low");
      }
    }

    /** A histogram bucket as a mass. */
    public static Mass of(Bucket b) {
      return new Mass(b.low(), b.high(), b.count());
    }
  }

  /** Histogram buckets as masses. */
  public static List<Mass> masses(List<Bucket> buckets) {
    return buckets.stream().map(Mass::of).toList();
  }

  /**
   * The equal-mass histogram of the quantiles: between consecutive points {@code (r_i, v_i)} the
   * share {@code r_i+1 - r_i} of the values, over {@code [v_i, v_i+1]} (a point mass where values
   * repeat, e.g. many zeros).
   */
  public static List<Mass> quantileMasses(NumericStatistics.Quantiles quantiles) {
    List<NumericStatistics.QuantilePoint> points = quantiles.points();
    List<Mass> out = new ArrayList<>();
    for (int i = 0; i + 1 < points.size(); i++) {
      NumericStatistics.QuantilePoint a = points.get(i);
      NumericStatistics.QuantilePoint b = points.get(i + 1);
      out.add(new Mass(a.value(), Math.max(a.value(), b.value()), b.rank() - a.rank()));
    }
    return out;
  }

  /** Jensen–Shannon divergence (base 2) of two histograms, rebinned onto common edges. */
  public static double jensenShannon(List<Mass> p, List<Mass> q) {
    double[] edges = commonEdges(p, q);
    return jensenShannon(rebin(p, edges), rebin(q, edges));
  }

  /**
   * Jensen–Shannon divergence (base 2) of two weight vectors over the same bins, each normalized to
   * sum 1: {@code JS = ½ KL(P‖M) + ½ KL(Q‖M)} with {@code M = ½(P + Q)}.
   */
  public static double jensenShannon(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("bins differ: " + p.length + " and " + q.length);
    }
    double sp = Arrays.stream(p).sum();
    double sq = Arrays.stream(q).sum();
    if (!(sp > 0) || !(sq > 0)) {
      throw new IllegalArgumentException("both distributions need positive mass");
    }
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / sp;
      double b = q[i] / sq;
      double m = (a + b) / 2;
      if (a > 0) {
        js += 0.5 * a * log2(a / m);
      }
      if (b > 0) {
        js += 0.5 * b * log2(b / m);
      }
    }
    return Math.max(0, Math.min(1, js)); // rounding may step a hair outside [0, 1]
  }

  /** Every bucket edge of both histograms, sorted, without repeats. */
  public static double[] commonEdges(List<Mass> p, List<Mass> q) {
    TreeSet<Double> edges = new TreeSet<>();
    for (List<Mass> h : List.of(p, q)) {
      for (Mass b : h) {
        edges.add(b.low());
        edges.add(b.high());
      }
    }
    return edges.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The masses spread over bins made from {@code edges} (every mass's ends must be among them): the
   * intervals {@code [e_i, e_i+1)} and, last, the single point {@code {e_k}} of the top edge. A mass
   * over {@code [low, high]} is shared among the intervals it covers in proportion to the overlap
   * (values taken as uniform within it); a point mass goes to the interval starting at its value, or
   * to the top point. Point masses below the top share the interval above them, so the repeated
   * values of a discrete feature line up with the other side's mass there; the top point has its own
   * bin, so different constants (or a new largest value) still differ.
   *
   * @return one weight per edge: {@code edges.length} bins
   */
  public static double[] rebin(List<Mass> masses, double[] edges) {
    int top = edges.length - 1;
    double[] out = new double[edges.length];
    for (Mass b : masses) {
      if (b.weight() == 0) {
        continue;
      }
      if (b.high() <= b.low()) {
        int i = Arrays.binarySearch(edges, b.low());
        if (i < 0) {
          throw new IllegalArgumentException(b.low() + " is not one of the edges");
        }
        out[i] += b.weight();
        continue;
      }
      double width = b.high() - b.low();
      for (int i = 0; i < top; i++) {
        double overlap = Math.min(b.high(), edges[i + 1]) - Math.max(b.low(), edges[i]);
        if (overlap > 0) {
          out[i] += b.weight() * (overlap / width);
        }
      }
    }
    return out;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
