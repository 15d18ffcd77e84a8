package dev.kiln.ml.stats;

import dev.kiln.ml.stats.sketch.HeavyHitters;
import dev.kiln.ml.stats.sketch.HyperLogLog;
import dev.kiln.ml.stats.sketch.QuantileSketch;
import java.io.Serializable;

/**
 * How statistics are computed: sketch sizes and how much of them is reported. Immutable; the
 * {@code withX} methods return copies. Stored in every {@link Statistics}, so a reader knows the
 * settings behind the figures.
 *
 * @param quantileSketchK items per level of the {@link QuantileSketch} (even, >= 2); larger is more
 *     accurate: absolute rank error at most {@code (n/k)(log2(n/k)+1)}, 0 for {@code n <= k}
 * @param quantiles number of equal-rank steps reported: the quantiles at ranks {@code i/quantiles}
 *     for {@code i = 0..quantiles}
 * @param histogramBuckets equal-width buckets between a numeric feature's min and max
 * @param hllPrecision HyperLogLog precision {@code p} ({@code 2^p} one-byte registers)
 * @param topK most frequent string values reported
 * @param heavyHitterCapacity counters of the {@link HeavyHitters} summary: counts are exact for up
 *     to this many distinct values; after that at most half of it are kept, so set it well above
 *     {@code topK}
 */
public record StatisticsOptions(
    int quantileSketchK, int quantiles, int histogramBuckets, int hllPrecision, int topK, int heavyHitterCapacity)
    implements Serializable {

  public StatisticsOptions {
    if (quantileSketchK < 2 || quantileSketchK % 2 != 0) {
      throw new IllegalArgumentException("quantileSketchK must be an even number >= 2, got " + quantileSketchK);
    }
    if (quantiles < 1) {
      throw new IllegalArgumentException("quantiles must be at least 1, got " + quantiles);
    }
    if (histogramBuckets < 1) {
      throw new IllegalArgumentException("histogramBuckets must be at least 1, got " + histogramBuckets);
    }
    if (hllPrecision < HyperLogLog.MIN_PRECISION || hllPrecision > HyperLogLog.MAX_PRECISION) {
      throw new IllegalArgumentException("hllPrecision must be in [" + HyperLogLog.MIN_PRECISION + ", "
          + HyperLogLog.MAX_PRECISION + "], got " + hllPrecision);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must not be negative, got " + topK);
    }
    if (heavyHitterCapacity < 2) {
      throw new IllegalArgumentException("heavyHitterCapacity must be at least 2, got " + heavyHitterCapacity);
    }
  }

  /** k = 2048, 20 quantile steps (every 5%), 10 histogram buckets, p = 14, top 20, 2048 counters. */
  public static StatisticsOptions defaults() {
    return new StatisticsOptions(2048, 20, 10, 14, 20, 2048);
  }

  public StatisticsOptions withQuantileSketchK(int k) {
    return new StatisticsOptions(k, quantiles, histogramBuckets, hllPrecision, topK, heavyHitterCapacity);
  }

  public StatisticsOptions withQuantiles(int steps) {
    return new StatisticsOptions(quantileSketchK, steps, histogramBuckets, hllPrecision, topK, heavyHitterCapacity);
  }

  public StatisticsOptions withHistogramBuckets(int buckets) {
    return new StatisticsOptions(quantileSketchK, quantiles, buckets, hllPrecision, topK, heavyHitterCapacity);
  }

  public StatisticsOptions withHllPrecision(int p) {
    return new StatisticsOptions(quantileSketchK, quantiles, histogramBuckets, p, topK, heavyHitterCapacity);
  }

  public StatisticsOptions withTopK(int k) {
    return new StatisticsOptions(quantileSketchK, quantiles, histogramBuckets, hllPrecision, k, heavyHitterCapacity);
  }

  public StatisticsOptions withHeavyHitterCapacity(int capacity) {
    return new StatisticsOptions(quantileSketchK, quantiles, histogramBuckets, hllPrecision, topK, capacity);
  }
}
