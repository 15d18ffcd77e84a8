package dev.kiln.ml.transform;

import dev.kiln.ml.stats.sketch.HeavyHitters;
import dev.kiln.ml.stats.sketch.QuantileSketch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What one feature's fit needs from the fit split, in one mergeable accumulator: counts of present and
 * missing values, and only the summaries its operations ask for — exact sums of values and squares
 * (mean, standardize), min and max, a quantile sketch (median, bucketize) and value counts
 * (mostFrequent, vocabulary). Values arrive canonical ({@link ValueKind#canonical}); null is missing.
 */
final class FeatureAccumulator {
  /** Quantile sketch size: answers are exact up to this many values, within the sketch's bound beyond. */
  static final int SKETCH_K = 16_384;
  /** Distinct values counted exactly for vocabularies and modes (at least; 4 x topK for larger vocabularies). */
  static final int MIN_COUNTER_CAPACITY = 1_024;

  long present;
  long missing;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  final ExactSum sum;
  final ExactSum squares;
  final QuantileSketch sketch;
  final HeavyHitters counts;

  private FeatureAccumulator(ExactSum sum, ExactSum squares, QuantileSketch sketch, HeavyHitters counts) {
    this.sum = sum;
    this.squares = squares;
    this.sketch = sketch;
    this.counts = counts;
  }

  /** An empty accumulator with the summaries {@code config} needs. */
  static FeatureAccumulator forConfig(FeatureConfig config) {
    String impute = config.impute() == null ? "" : config.impute().strategy();
    boolean moments = config.standardize() || impute.equals(Impute.MEAN);
    boolean quantiles = config.bucketize() != null || impute.equals(Impute.MEDIAN);
    boolean counting = config.vocabulary() != null || impute.equals(Impute.MOST_FREQUENT);
    int capacity = config.vocabulary() == null ? MIN_COUNTER_CAPACITY : Math.max(MIN_COUNTER_CAPACITY, 4 * config.vocabulary().topK());
    return new FeatureAccumulator(
        moments ? new ExactSum() : null,
        moments ? new ExactSum() : null,
        quantiles ? new QuantileSketch(SKETCH_K) : null,
        counting ? new HeavyHitters(capacity) : null);
  }

  /** Adds one canonical value (null when missing). */
  void add(Object value) {
    if (value == null) {
      missing++;
      return;
    }
    present++;
    if (counts != null) {
      counts.add(ValueKind.key(value));
    }
    if (value instanceof String) {
      return;
    }
    double x = ValueKind.number(value);
    min = Math.min(min, x);
    max = Math.max(max, x);
    if (sum != null) {
      sum.add(x);
      squares.addSquare(x);
    }
    if (sketch != null) {
      sketch.add(x);
    }
  }

  void merge(FeatureAccumulator other) {
    present += other.present;
    missing += other.missing;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    if (sum != null) {
      sum.add(other.sum);
      squares.add(other.squares);
    }
    if (sketch != null) {
      sketch.merge(other.sketch);
    }
    if (counts != null) {
      counts.merge(other.counts);
    }
  }

  void encode(DataOutput out) throws IOException {
    out.writeLong(present);
    out.writeLong(missing);
    out.writeDouble(min);
    out.writeDouble(max);
    if (sum != null) {
      sum.encode(out);
      squares.encode(out);
    }
    if (sketch != null) {
      sketch.encode(out);
    }
    if (counts != null) {
      counts.encode(out);
    }
  }

  /** Reads what {@link #encode} wrote for an accumulator of {@code config}. */
  static FeatureAccumulator decode(FeatureConfig config, DataInput in) throws IOException {
    FeatureAccumulator shape = forConfig(config);
    long present = in.readLong();
    long missing = in.readLong();
    double min = in.readDouble();
    double max = in.readDouble();
    ExactSum sum = shape.sum == null ? null : ExactSum.decode(in);
    ExactSum squares = shape.sum == null ? null : ExactSum.decode(in);
    QuantileSketch sketch = shape.sketch == null ? null : QuantileSketch.decode(in);
    HeavyHitters counts = shape.counts == null ? null : HeavyHitters.decode(in);
    FeatureAccumulator a = new FeatureAccumulator(sum, squares, sketch, counts);
    a.present = present;
    a.missing = missing;
    a.min = min;
    a.max = max;
    return a;
  }
}
