package dev.kiln.ml.evaluate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Mergeable state of multiclass metrics: the confusion matrix and the summed log loss. */
final class MulticlassAccumulator {
  private final int classes;
  /** confusion[label * classes + predicted]. */
  private final long[] confusion;
  private final CompensatedSum logLoss = new CompensatedSum();

  MulticlassAccumulator(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("a multiclass prediction needs at least 2 class probabilities, not " + classes);
    }
    this.classes = classes;
    this.confusion = new long[classes * classes];
  }

  int classes() {
    return classes;
  }

  void add(double label, double[] probabilities) {
    if (probabilities.length != classes) {
      throw new IllegalArgumentException("multiclass prediction has " + probabilities.length
          + " class probabilities, earlier ones had " + classes);
    }
    int truth = (int) label;
    if (truth != label || truth < 0 || truth >= classes) {
      throw new IllegalArgumentException("multiclass label must be a class index 0.." + (classes - 1) + ", not " + label);
    }
    int predicted = 0;
    for (int k = 0; k < classes; k++) {
      if (Double.isNaN(probabilities[k])) {
        throw new IllegalArgumentException("multiclass probability of class " + k + " is NaN (label " + label + ")");
      }
      if (probabilities[k] > probabilities[predicted]) {
        predicted = k;
      }
    }
    confusion[truth * classes + predicted]++;
    logLoss.add(-Math.log(Math.min(1, Math.max(BinaryAccumulator.EPSILON, probabilities[truth]))));
  }

  void merge(MulticlassAccumulator o) {
    if (o.classes != classes) {
      throw new IllegalArgumentException("cannot merge multiclass metrics of " + classes + " and " + o.classes + " classes");
    }
    for (int i = 0; i < confusion.length; i++) {
      confusion[i] += o.confusion[i];
    }
    logLoss.merge(o.logLoss);
  }

  long count() {
    long n = 0;
    for (long c : confusion) {
      n += c;
    }
    return n;
  }

  MulticlassMetrics result() {
    long n = count();
    long correct = 0;
    List<MulticlassMetrics.ClassMetrics> perClass = new ArrayList<>();
    double precisionSum = 0;
    int precisionCount = 0;
    double recallSum = 0;
    int recallCount = 0;
    for (int k = 0; k < classes; k++) {
      long support = 0;
      long predicted = 0;
      for (int j = 0; j < classes; j++) {
        support += confusion[k * classes + j];
        predicted += confusion[j * classes + k];
      }
      long hits = confusion[k * classes + k];
      correct += hits;
      double precision = predicted == 0 ? Double.NaN : (double) hits / predicted;
      double recall = support == 0 ? Double.NaN : (double) hits / support;
      if (predicted > 0) {
        precisionSum += precision;
        precisionCount++;
      }
      if (support > 0) {
        recallSum += recall;
        recallCount++;
      }
      perClass.add(new MulticlassMetrics.ClassMetrics(k, support, predicted, precision, recall));
    }
    return new MulticlassMetrics(n, classes, (double) correct / n, logLoss.value() / n,
        precisionCount == 0 ? Double.NaN : precisionSum / precisionCount,
        recallCount == 0 ? Double.NaN : recallSum / recallCount, perClass);
  }

  void encode(DataOutputStream out) throws IOException {
    out.writeInt(classes);
    for (long c : confusion) {
      out.writeLong(c);
    }
    logLoss.encode(out);
  }

  static MulticlassAccumulator decode(DataInputStream in) throws IOException {
    MulticlassAccumulator a = new MulticlassAccumulator(in.readInt());
    for (int i = 0; i < a.confusion.length; i++) {
      a.confusion[i] = in.readLong();
    }
    a.logLoss.merge(CompensatedSum.decode(in));
    return a;
  }
}
