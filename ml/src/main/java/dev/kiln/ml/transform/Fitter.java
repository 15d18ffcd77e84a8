package dev.kiln.ml.transform;

import dev.kiln.ml.stats.sketch.HeavyHitters;
import dev.kiln.ml.stats.sketch.QuantileSketch;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the accumulated summaries of the fit split into fitted parameters. Imputation comes first:
 * every later parameter is that of the imputed column, as if each missing value had been replaced by
 * the fill value {@code c}. This needs no second pass: with {@code m} missing values, sums gain
 * {@code m c} and {@code m c^2}, min and max take {@code c} in, quantiles are read from the sketch with
 * {@code m} values at {@code c} inserted, and {@code c}'s count grows by {@code m}.
 *
 * <p>Definitions: mean and population standard deviation from exact sums (so they do not depend on how
 * the data was split into bundles); median and quantiles are the lower quantile (the first value whose
 * cumulative count reaches {@code q n}; exact up to {@link FeatureAccumulator#SKETCH_K} values, within
 * the sketch's rank error bound beyond); mostFrequent and vocabulary order values by count, largest
 * first, ties by value (numbers numerically).
 */
final class Fitter {
  private static final MathContext PRECISION = MathContext.DECIMAL128;

  private Fitter() {}

  /** The graph of {@code plan} from the merged accumulator of the fit split. */
  static TransformGraph fit(PreprocessPlan plan, AnalysisAccumulator acc) {
    if (acc.rows == 0) {
      throw new IllegalArgumentException("split '" + plan.fitSplit() + "' has no rows to fit the TransformGraph on");
    }
    List<FittedFeature> fitted = new ArrayList<>();
    List<PreprocessPlan.PlannedFeature> features = plan.features();
    for (int i = 0; i < features.size(); i++) {
      fitted.add(fit(features.get(i), acc.features[i], plan.fitSplit()));
    }
    return new TransformGraph(TransformGraph.FORMAT, plan.fitSplit(), acc.rows, plan.sources().inputs(),
        plan.sources().derived(), fitted, plan.passthrough());
  }

  static FittedFeature fit(PreprocessPlan.PlannedFeature p, FeatureAccumulator a, String split) {
    FeatureConfig config = p.config();
    Imputation imputation = config.impute() == null ? null : new Imputation(config.impute().strategy(), fillValue(p, a, split));
    long m = imputation == null ? 0 : a.missing;
    Object c = imputation == null ? null : imputation.value();
    long n = a.present + m;
    Encoding encoding;
    if (config.standardize()) {
      requireValues(p, n, split);
      BigDecimal cx = c == null ? BigDecimal.ZERO : new BigDecimal(ValueKind.number(c));
      BigDecimal s1 = a.sum.value().add(cx.multiply(BigDecimal.valueOf(m)));
      BigDecimal s2 = a.squares.value().add(cx.multiply(cx).multiply(BigDecimal.valueOf(m)));
      BigDecimal count = BigDecimal.valueOf(n);
      double mean = s1.divide(count, PRECISION).doubleValue();
      // n*S2 - S1^2 is exact, so a tiny variance next to a large mean is not lost to cancellation
      double variance = count.multiply(s2).subtract(s1.multiply(s1)).divide(count.multiply(count), PRECISION).doubleValue();
      encoding = new Encoding.Standardize(mean, Math.sqrt(Math.max(0, variance)));
    } else if (config.minMax()) {
      requireValues(p, n, split);
      double min = a.min;
      double max = a.max;
      if (m > 0) {
        min = Math.min(min, ValueKind.number(c));
        max = Math.max(max, ValueKind.number(c));
      }
      encoding = new Encoding.MinMax(min, max);
    } else if (config.bucketize() != null) {
      requireValues(p, n, split);
      encoding = new Encoding.Bucketize(config.bucketize().buckets(), edges(a, config.bucketize().buckets(), m, c));
    } else if (config.vocabulary() != null) {
      encoding = new Encoding.Vocabulary(config.vocabulary().topK(), config.vocabulary().oovBuckets(),
          terms(p.kind(), a.counts, m, c, config.vocabulary().topK()));
    } else if (config.hash() != null) {
      encoding = new Encoding.Hash(config.hash().buckets());
    } else {
      encoding = new Encoding.Identity();
    }
    return new FittedFeature(p.name(), p.kind(), imputation, encoding, config.oneHot());
  }

  private static Object fillValue(PreprocessPlan.PlannedFeature p, FeatureAccumulator a, String split) {
    Impute impute = p.config().impute();
    if (impute.strategy().equals(Impute.CONSTANT)) {
      return impute.constant();
    }
    if (a.present == 0) {
      throw new IllegalArgumentException("feature '" + p.name() + "' has no values in split '" + split + "' to take the " + impute.strategy() + " of");
    }
    return switch (impute.strategy()) {
      case Impute.MEAN -> a.sum.value().divide(BigDecimal.valueOf(a.present), PRECISION).doubleValue();
      case Impute.MEDIAN -> a.sketch.queries().quantile(0.5);
      default -> p.kind().fromKey(terms(p.kind(), a.counts, 0, null, 1).get(0).value()); // mostFrequent
    };
  }

  private static void requireValues(PreprocessPlan.PlannedFeature p, long n, String split) {
    if (n == 0) {
      throw new IllegalArgumentException("feature '" + p.name() + "' has no values in split '" + split + "' to fit " + p.config().operation() + " on");
    }
  }

  /**
   * The strictly increasing lower quantiles at 1/k .. (k-1)/k of the observed values with {@code m}
   * copies of {@code c} added.
   */
  static List<Double> edges(FeatureAccumulator a, int buckets, long m, Object c) {
    QuantileSketch.Queries q = a.present == 0 ? null : a.sketch.queries();
    double fill = c == null ? 0 : ValueKind.number(c);
    long below = q == null || m == 0 ? 0 : q.countBelow(fill);
    long n = a.present + m;
    List<Double> edges = new ArrayList<>();
    for (int i = 1; i < buckets; i++) {
      double target = (double) i * n / buckets;
      double edge;
      if (m == 0 || target <= below) {
        edge = q.quantile(Math.min(1, target / a.present));
      } else if (target <= below + m) {
        edge = fill;
      } else {
        edge = q.quantile(Math.min(1, (target - m) / a.present));
      }
      if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
        edges.add(edge);
      }
    }
    return edges;
  }

  /** The {@code topK} most frequent keys with counts (c's count raised by m), largest first, ties by value. */
  static List<Encoding.Term> terms(ValueKind kind, HeavyHitters counts, long m, Object c, int topK) {
    Map<String, Long> all = new LinkedHashMap<>();
    for (HeavyHitters.Entry e : counts.top(counts.size())) {
      all.put(e.value(), e.count());
    }
    if (m > 0) {
      all.merge(ValueKind.key(c), m, Long::sum);
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(all.entrySet());
    Comparator<Map.Entry<String, Long>> byCount = Map.Entry.comparingByValue(Comparator.reverseOrder());
    sorted.sort(byCount.thenComparing((x, y) -> kind.compare(kind.fromKey(x.getKey()), kind.fromKey(y.getKey()))));
    List<Encoding.Term> terms = new ArrayList<>();
    for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(topK, sorted.size()))) {
      terms.add(new Encoding.Term(e.getKey(), e.getValue()));
    }
    return terms;
  }
}
