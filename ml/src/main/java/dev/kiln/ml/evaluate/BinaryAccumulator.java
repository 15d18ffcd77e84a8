package dev.kiln.ml.evaluate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Mergeable state of binary metrics: a fixed histogram of scores per class (AUC and the reliability
 * table), the confusion counts at the threshold, and compensated sums of log loss and predictions.
 */
final class BinaryAccumulator {
  static final double EPSILON = 1e-15;

  private final double threshold;
  private final long[] positives;
  private final long[] negatives;
  private final CompensatedSum[] binPredictions;
  private long truePositives;
  private long falsePositives;
  private long trueNegatives;
  private long falseNegatives;
  private final CompensatedSum logLoss;
  private final CompensatedSum predictions;

  BinaryAccumulator(MetricsOptions options) {
    this(options.threshold(), options.aucBuckets(), options.calibrationBins());
  }

  private BinaryAccumulator(double threshold, int buckets, int bins) {
    this.threshold = threshold;
    this.positives = new long[buckets];
    this.negatives = new long[buckets];
    this.binPredictions = new CompensatedSum[bins];
    for (int i = 0; i < bins; i++) {
      binPredictions[i] = new CompensatedSum();
    }
    this.logLoss = new CompensatedSum();
    this.predictions = new CompensatedSum();
  }

  void add(double label, double p) {
    if (Double.isNaN(p)) {
      throw new IllegalArgumentException("binary prediction is NaN (label " + label + ")");
    }
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("binary label must be 0 or 1, not " + label);
    }
    double clamped = Math.min(1, Math.max(0, p));
    int bucket = bucket(clamped, positives.length);
    boolean positive = label == 1;
    (positive ? positives : negatives)[bucket]++;
    binPredictions[bucket * binPredictions.length / positives.length].add(clamped);
    boolean predicted = p >= threshold;
    if (positive) {
      if (predicted) {
        truePositives++;
      } else {
        falseNegatives++;
      }
    } else if (predicted) {
      falsePositives++;
    } else {
      trueNegatives++;
    }
    double q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    logLoss.add(positive ? -Math.log(q) : -Math.log1p(-q));
    predictions.add(clamped);
  }

  /** The bucket of a score in [0, 1]: floor(p * n), with 1 in the last bucket. */
  static int bucket(double p, int n) {
    return Math.min(n - 1, (int) Math.floor(p * n));
  }

  void merge(BinaryAccumulator o) {
    if (o.positives.length != positives.length || o.binPredictions.length != binPredictions.length || o.threshold != threshold) {
      throw new IllegalArgumentException("cannot merge binary metrics computed with different options");
    }
    for (int i = 0; i < positives.length; i++) {
      positives[i] += o.positives[i];
      negatives[i] += o.negatives[i];
    }
    for (int i = 0; i < binPredictions.length; i++) {
      binPredictions[i].merge(o.binPredictions[i]);
    }
    truePositives += o.truePositives;
    falsePositives += o.falsePositives;
    trueNegatives += o.trueNegatives;
    falseNegatives += o.falseNegatives;
    logLoss.merge(o.logLoss);
    predictions.merge(o.predictions);
  }

  long count() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  BinaryMetrics result() {
    long n = count();
    long pos = truePositives + falseNegatives;
    long neg = n - pos;
    // AUC = P(score of a positive > score of a negative) + P(equal) / 2, counted over buckets.
    double area = 0;
    double tied = 0;
    double negativesBelow = 0;
    for (int b = 0; b < positives.length; b++) {
      area += positives[b] * (negativesBelow + 0.5 * negatives[b]);
      tied += (double) positives[b] * negatives[b];
      negativesBelow += negatives[b];
    }
    double pairs = (double) pos * neg;
    double auc = pairs == 0 ? Double.NaN : area / pairs;
    double bound = pairs == 0 ? Double.NaN : 0.5 * tied / pairs;
    double meanPrediction = predictions.value() / n;
    double meanLabel = (double) pos / n;
    return new BinaryMetrics(n, pos, auc, bound, logLoss.value() / n,
        (double) (truePositives + trueNegatives) / n,
        ratio(truePositives, truePositives + falsePositives),
        ratio(truePositives, pos),
        meanPrediction, meanLabel, pos == 0 ? Double.NaN : meanPrediction / meanLabel,
        reliability());
  }

  private List<BinaryMetrics.ReliabilityBin> reliability() {
    int bins = binPredictions.length;
    int per = positives.length / bins;
    List<BinaryMetrics.ReliabilityBin> table = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      long count = 0;
      long pos = 0;
      for (int b = i * per; b < (i + 1) * per; b++) {
        count += positives[b] + negatives[b];
        pos += positives[b];
      }
      table.add(new BinaryMetrics.ReliabilityBin((double) i / bins, (double) (i + 1) / bins, count,
          count == 0 ? Double.NaN : binPredictions[i].value() / count, ratio(pos, count)));
    }
    return table;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }

  void encode(DataOutputStream out) throws IOException {
    out.writeDouble(threshold);
    out.writeInt(positives.length);
    out.writeInt(binPredictions.length);
    encodeSparse(positives, out);
    encodeSparse(negatives, out);
    for (CompensatedSum s : binPredictions) {
      s.encode(out);
    }
    out.writeLong(truePositives);
    out.writeLong(falsePositives);
    out.writeLong(trueNegatives);
    out.writeLong(falseNegatives);
    logLoss.encode(out);
    predictions.encode(out);
  }

  static BinaryAccumulator decode(DataInputStream in) throws IOException {
    double threshold = in.readDouble();
    int buckets = in.readInt();
    int bins = in.readInt();
    BinaryAccumulator a = new BinaryAccumulator(threshold, buckets, bins);
    decodeSparse(a.positives, in);
    decodeSparse(a.negatives, in);
    for (int i = 0; i < bins; i++) {
      a.binPredictions[i] = CompensatedSum.decode(in);
    }
    a.truePositives = in.readLong();
    a.falsePositives = in.readLong();
    a.trueNegatives = in.readLong();
    a.falseNegatives = in.readLong();
    a.logLoss.merge(CompensatedSum.decode(in));
    a.predictions.merge(CompensatedSum.decode(in));
    return a;
  }

  // Most of the 10,000 buckets of a slice are empty: only the filled ones travel.
  private static void encodeSparse(long[] counts, DataOutputStream out) throws IOException {
    int filled = 0;
    for (long c : counts) {
      if (c != 0) {
        filled++;
      }
    }
    out.writeInt(filled);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        out.writeInt(i);
        out.writeLong(counts[i]);
      }
    }
  }

  private static void decodeSparse(long[] counts, DataInputStream in) throws IOException {
    int filled = in.readInt();
    for (int k = 0; k < filled; k++) {
      int i = in.readInt();
      if (i < 0 || i >= counts.length) {
        throw new IOException("histogram bucket " + i + " out of range 0.." + (counts.length - 1));
      }
      counts[i] = in.readLong();
    }
  }
}
