package dev.kiln.ml.evaluate;

import java.io.Serializable;

/**
 * How metrics are computed.
 *
 * @param threshold a binary prediction at or above it counts as positive (accuracy, precision, recall)
 * @param aucBuckets the number of equal-width score buckets over [0, 1] that AUC is computed from
 * @param calibrationBins the number of equal-width bins of the reliability table; must divide
 *     {@code aucBuckets}, because the table is read from the same histogram
 * @param minSliceSize a slice with fewer labeled examples reports its count only (0: every slice)
 */
public record MetricsOptions(double threshold, int aucBuckets, int calibrationBins, long minSliceSize) implements Serializable {
  /** 10,000 buckets: AUC is exact up to pairs whose scores differ by less than 0.0001. */
  public static final int DEFAULT_AUC_BUCKETS = 10_000;
  public static final int DEFAULT_CALIBRATION_BINS = 10;

  public MetricsOptions {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("key 'threshold': must be a number in (0, 1), not " + threshold);
    }
    if (aucBuckets < 1 || calibrationBins < 1 || aucBuckets % calibrationBins != 0) {
      throw new IllegalArgumentException("calibration bins (" + calibrationBins + ") must divide the AUC buckets (" + aucBuckets + ")");
    }
    if (minSliceSize < 0) {
      throw new IllegalArgumentException("key 'minSliceSize': must be 0 or more, not " + minSliceSize);
    }
  }

  /** Threshold 0.5, 10,000 AUC buckets, 10 calibration bins, every slice reported. */
  public static MetricsOptions defaults() {
    return new MetricsOptions(0.5, DEFAULT_AUC_BUCKETS, DEFAULT_CALIBRATION_BINS, 0);
  }

  public MetricsOptions withThreshold(double t) {
    return new MetricsOptions(t, aucBuckets, calibrationBins, minSliceSize);
  }

  public MetricsOptions withMinSliceSize(long n) {
    return new MetricsOptions(threshold, aucBuckets, calibrationBins, n);
  }

  public MetricsOptions withAucBuckets(int buckets, int bins) {
    return new MetricsOptions(threshold, buckets, bins, minSliceSize);
  }
}
