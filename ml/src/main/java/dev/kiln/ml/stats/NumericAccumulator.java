package dev.kiln.ml.stats;

import dev.kiln.ml.stats.sketch.QuantileSketch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Count, missing, zeros, NaN, min, max, mean and M2 (Welford's update; Chan et al.'s formula to
 * merge two parts, which keeps the variance accurate where sum-of-squares would cancel), and a
 * quantile sketch that also yields the histogram.
 */
final class NumericAccumulator implements FieldAccumulator {
  private long count;
  private long missing;
  private long zeros;
  private long nan;
  private long n; // non-NaN values, the population of the moments
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private final QuantileSketch sketch;

  NumericAccumulator(StatisticsOptions options) {
    this(new QuantileSketch(options.quantileSketchK()));
  }

  private NumericAccumulator(QuantileSketch sketch) {
    this.sketch = sketch;
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.NUMERIC;
  }

  @Override
  public void add(Object value) {
    if (value == null) {
      missing++;
      return;
    }
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException("expected a number, got " + FieldAccumulator.describe(value));
    }
    count++;
    double x = number.doubleValue();
    if (Double.isNaN(x)) {
      nan++;
      return;
    }
    if (x == 0) {
      zeros++;
    }
    if (x < min) {
      min = x;
    }
    if (x > max) {
      max = x;
    }
    n++;
    double delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
    sketch.add(x);
  }

  @Override
  public void merge(FieldAccumulator other) {
    NumericAccumulator o = (NumericAccumulator) other;
    count += o.count;
    missing += o.missing;
    zeros += o.zeros;
    nan += o.nan;
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
    if (o.n > 0) {
      long total = n + o.n;
      double delta = o.mean - mean;
      // Chan, Golub, LeVeque: combine means and M2 of two disjoint parts.
      mean += delta * ((double) o.n / total);
      m2 += o.m2 + delta * delta * ((double) n * o.n / total);
      n = total;
    }
    sketch.merge(o.sketch);
  }

  @Override
  public FeatureStatistics extract(Schema.Field field, StatisticsOptions options) {
    NumericStatistics numbers;
    if (n == 0) {
      numbers = new NumericStatistics(null, null, null, null, zeros, nan, null, null);
    } else {
      QuantileSketch.Queries q = sketch.queries();
      numbers = new NumericStatistics(
          mean, Math.sqrt(Math.max(0, m2 / n)), min, max, zeros, nan,
          quantiles(q, options.quantiles()), histogram(q, options.histogramBuckets()));
    }
    return new FeatureStatistics(field.getName(), FieldAccumulator.typeName(field.getType()), kind(),
        field.getType().getNullable(), count, missing, numbers, null, null);
  }

  private NumericStatistics.Quantiles quantiles(QuantileSketch.Queries q, int steps) {
    List<NumericStatistics.QuantilePoint> points = new ArrayList<>(steps + 1);
    for (int i = 0; i <= steps; i++) {
      double rank = (double) i / steps;
      // The sketch's answers at the ends are within its bound; the exact extremes are known.
      double value = i == 0 ? min : i == steps ? max : q.quantile(rank);
      points.add(new NumericStatistics.QuantilePoint(rank, value));
    }
    long bound = sketch.rankErrorBound();
    return new NumericStatistics.Quantiles(bound, (double) bound / n, points);
  }

  private NumericStatistics.Histogram histogram(QuantileSketch.Queries q, int buckets) {
    List<NumericStatistics.Bucket> list = new ArrayList<>(buckets);
    if (min == max) {
      list.add(new NumericStatistics.Bucket(min, max, n));
      return new NumericStatistics.Histogram(0, list);
    }
    double width = (max - min) / buckets;
    long below = 0; // estimated values below the current bucket's low edge
    for (int b = 0; b < buckets; b++) {
      double low = b == 0 ? min : min + b * width;
      double high = b == buckets - 1 ? max : min + (b + 1) * width;
      long upTo = b == buckets - 1 ? n : q.countBelow(high);
      list.add(new NumericStatistics.Bucket(low, high, upTo - below));
      below = upTo;
    }
    return new NumericStatistics.Histogram(2 * sketch.rankErrorBound(), list);
  }

  @Override
  public void encode(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeLong(missing);
    out.writeLong(zeros);
    out.writeLong(nan);
    out.writeLong(n);
    out.writeDouble(mean);
    out.writeDouble(m2);
    out.writeDouble(min);
    out.writeDouble(max);
    sketch.encode(out);
  }

  static NumericAccumulator decode(DataInput in) throws IOException {
    long count = in.readLong();
    long missing = in.readLong();
    long zeros = in.readLong();
    long nan = in.readLong();
    long n = in.readLong();
    double mean = in.readDouble();
    double m2 = in.readDouble();
    double min = in.readDouble();
    double max = in.readDouble();
    NumericAccumulator a = new NumericAccumulator(QuantileSketch.decode(in));
    a.count = count;
    a.missing = missing;
    a.zeros = zeros;
    a.nan = nan;
    a.n = n;
    a.mean = mean;
    a.m2 = m2;
    a.min = min;
    a.max = max;
    return a;
  }
}
