package dev.kiln.ml.schema;

import dev.kiln.ml.stats.FeatureKind;
import dev.kiln.ml.stats.FeatureStatistics;
import dev.kiln.ml.stats.NumericStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StringStatistics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Infers a {@link DataSchema} from the statistics of one split. Per feature:
 *
 * <ul>
 *   <li><b>type</b>: the one the statistics report;
 *   <li><b>required</b> when the feature has values and no missing ones;
 *   <li><b>domain</b> for a STRING feature with at most {@code maxDomainSize} distinct values, only
 *       when the distinct count is exact and the reported top values list every one of them (then
 *       they are the exact set of values seen);
 *   <li><b>range</b> for a numeric feature with values: the observed {@code [min, max]}, widened on
 *       each side by {@code rangeMargin} × (max − min) — but not across 0 (a feature never negative
 *       keeps 0 as its lower bound, one never positive keeps 0 as its upper bound), rounded outward to
 *       whole numbers for integer types — so that fresh data from the same distribution is not flagged
 *       for its extremes.
 * </ul>
 *
 * @param maxDomainSize largest number of distinct values that still makes a domain (>= 0; 0 infers none)
 * @param rangeMargin share of the observed width added to each side of a range (>= 0); negative
 *     infers no ranges
 */
public record SchemaInference(int maxDomainSize, double rangeMargin) implements Serializable {
  public static final int DEFAULT_MAX_DOMAIN_SIZE = 20;
  /**
   * The default margin: a tenth of the observed width on each side. For light-tailed data the extremes
   * of fresh data from the same distribution fall within a small fraction of the width beyond the
   * observed ones (the gap between the two largest of n values shrinks with n), so this keeps a random
   * split clean, while a value far outside (a sentinel -1 in a positive column whose values start well
   * above 0) stays out. Heavy tails (tips, trip miles) are left to the validate step's share of values
   * ({@code minShare}): a few values beyond the margin are not an anomaly, many are.
   */
  public static final double DEFAULT_RANGE_MARGIN = 0.1;

  public SchemaInference {
    if (maxDomainSize < 0) {
      throw new IllegalArgumentException("maxDomainSize must not be negative, got " + maxDomainSize);
    }
    if (Double.isNaN(rangeMargin)) {
      throw new IllegalArgumentException("rangeMargin must be a number");
    }
  }

  /** The schema of the features in {@code statistics}, in their order. */
  public DataSchema infer(Statistics statistics) {
    List<FeatureSchema> features = new ArrayList<>();
    for (FeatureStatistics f : statistics.features()) {
      boolean required = f.count() > 0 && f.missing() == 0;
      features.add(new FeatureSchema(f.name(), f.type(), required, domain(f), range(f)));
    }
    return DataSchema.of(features);
  }

  private List<String> domain(FeatureStatistics f) {
    StringStatistics s = f.strings();
    if (f.kind() != FeatureKind.STRING || s == null || f.count() == 0) {
      return null;
    }
    boolean complete = s.distinctExact() && s.topCountErrorBound() == 0 && s.top().size() == s.distinct();
    if (!complete || s.distinct() > maxDomainSize) {
      return null;
    }
    return s.top().stream().map(StringStatistics.ValueCount::value).toList();
  }

  private FeatureSchema.ValueRange range(FeatureStatistics f) {
    NumericStatistics n = f.numbers();
    if (rangeMargin < 0 || f.kind() != FeatureKind.NUMERIC || n == null || n.min() == null) {
      return null;
    }
    double margin = rangeMargin * (n.max() - n.min());
    // The margin allows fresh extremes, not a change of sign: a feature never below 0 (fares, counts,
    // hours) keeps 0 as its bound, so a sentinel -1 is out of range however wide the data.
    double min = n.min() >= 0 ? Math.max(0, n.min() - margin) : n.min() - margin;
    double max = n.max() <= 0 ? Math.min(0, n.max() + margin) : n.max() + margin;
    if (FeatureTypes.isInteger(f.type())) {
      min = Math.floor(min);
      max = Math.ceil(max);
    }
    return new FeatureSchema.ValueRange(min, max);
  }
}
