package dev.kiln.ml.validate;

import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a Statistics document: every split against the schema ({@link SchemaCheck}), every split
 * against a reference split for drift, and every split against a baseline's statistics for skew
 * ({@link DistributionCheck}). A pure function of its inputs, so the same inputs give the same document.
 *
 * @param drift the drift comparison, or null for none
 * @param skew the skew comparison (used when a baseline is given); null means the defaults
 * @param minShare share of a feature's values that may lie outside its domain or range without an
 *     anomaly ({@link SchemaCheck}), in [0, 1)
 */
public record Validator(Comparison drift, Comparison skew, double minShare) implements java.io.Serializable {
  /** The reference split of drift when {@link Comparison#against()} is not set. */
  public static final String DEFAULT_DRIFT_SPLIT = "train";
  /**
   * The default {@code minShare}: 0.1%. Under a random split, the number of eval values beyond the
   * train part's extreme is about geometric (20% eval: P(≥ k) ≈ 0.2^k), so it stays at a handful of
   * values, and a category seen once in the data lands in one part or the other; either is far below
   * 0.1% of a data set of some thousands of rows. A real change (a sentinel -1 in 1% of the rows, a new
   * category in many rows) is far above it.
   */
  public static final double DEFAULT_MIN_SHARE = 0.001;

  public Validator {
    if (!(minShare >= 0 && minShare < 1)) {
      throw new IllegalArgumentException("minShare must be at least 0 and below 1, got " + minShare);
    }
  }

  /** With the default {@link #DEFAULT_MIN_SHARE}. */
  public Validator(Comparison drift, Comparison skew) {
    this(drift, skew, DEFAULT_MIN_SHARE);
  }

  /**
   * @param baseline statistics of earlier data to check skew against, or null
   * @throws ValidationSetupException when a configured split does not exist
   */
  public AnomaliesDocument validate(StatisticsDocument data, DataSchema schema, StatisticsDocument baseline) {
    List<Anomaly> anomalies = new ArrayList<>();
    for (Map.Entry<String, Statistics> split : data.splits().entrySet()) {
      anomalies.addAll(SchemaCheck.check(split.getKey(), split.getValue(), schema, minShare));
    }
    if (drift != null) {
      String against = drift.against() != null ? drift.against() : DEFAULT_DRIFT_SPLIT;
      if (!data.splits().containsKey(against)) {
        throw new ValidationSetupException("key 'with.drift.against': the statistics have no split '" + against
            + "' to compare the others with; splits are " + data.names());
      }
      for (Map.Entry<String, Statistics> split : data.splits().entrySet()) {
        if (!split.getKey().equals(against)) {
          anomalies.addAll(DistributionCheck.compare(split.getKey(), split.getValue(), data.split(against),
              "split " + against, drift, AnomalyKind.DRIFT));
        }
      }
    }
    if (baseline != null) {
      Comparison c = skew != null ? skew : Comparison.defaults();
      for (Map.Entry<String, Statistics> split : data.splits().entrySet()) {
        String ref = baselineSplit(baseline, split.getKey(), c.against());
        anomalies.addAll(DistributionCheck.compare(split.getKey(), split.getValue(), baseline.split(ref),
            "the baseline" + (ref.isEmpty() ? "" : "'s split " + ref), c, AnomalyKind.SKEW));
      }
    }
    return AnomaliesDocument.of(List.copyOf(data.splits().keySet()), anomalies);
  }

  private static String baselineSplit(StatisticsDocument baseline, String split, String configured) {
    if (configured != null) {
      if (!baseline.splits().containsKey(configured)) {
        throw new ValidationSetupException("key 'with.skew.against': the baseline has no split '" + configured
            + "'; its splits are " + baseline.names());
      }
      return configured;
    }
    if (baseline.splits().containsKey(split)) {
      return split;
    }
    if (baseline.splits().size() == 1) {
      return baseline.splits().firstKey();
    }
    throw new ValidationSetupException("the baseline has splits " + baseline.names() + " and none is '"
        + StatisticsDocument.label(split) + "'; set with.skew.against to the split to compare with");
  }
}
