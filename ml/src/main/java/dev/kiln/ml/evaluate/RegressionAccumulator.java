package dev.kiln.ml.evaluate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Mergeable state of regression metrics: the count, the label's mean and sum of squared deviations
 * (merged with Chan's formula, which unlike Σy² − (Σy)²/n does not cancel catastrophically when the
 * mean is large next to the spread), and compensated sums of predictions, squared and absolute errors.
 */
final class RegressionAccumulator {
  private long n;
  private double labelMean;
  private double labelM2;
  private final CompensatedSum predictions = new CompensatedSum();
  private final CompensatedSum squaredErrors = new CompensatedSum();
  private final CompensatedSum absoluteErrors = new CompensatedSum();

  void add(double label, double prediction) {
    if (Double.isNaN(prediction) || Double.isInfinite(prediction) || Double.isInfinite(label)) {
      throw new IllegalArgumentException("regression example has label " + label + " and prediction " + prediction + "; both must be finite");
    }
    n++;
    double delta = label - labelMean;
    labelMean += delta / n;
    labelM2 += delta * (label - labelMean);
    double error = label - prediction;
    predictions.add(prediction);
    squaredErrors.add(error * error);
    absoluteErrors.add(Math.abs(error));
  }

  void merge(RegressionAccumulator o) {
    if (o.n == 0) {
      return;
    }
    long total = n + o.n;
    double delta = o.labelMean - labelMean;
    labelM2 += o.labelM2 + delta * delta * ((double) n * o.n / total);
    labelMean += delta * ((double) o.n / total);
    n = total;
    predictions.merge(o.predictions);
    squaredErrors.merge(o.squaredErrors);
    absoluteErrors.merge(o.absoluteErrors);
  }

  long count() {
    return n;
  }

  RegressionMetrics result() {
    double sse = squaredErrors.value();
    return new RegressionMetrics(n, Math.sqrt(sse / n), absoluteErrors.value() / n,
        labelM2 > 0 ? 1 - sse / labelM2 : Double.NaN, predictions.value() / n, n == 0 ? Double.NaN : labelMean);
  }

  void encode(DataOutputStream out) throws IOException {
    out.writeLong(n);
    out.writeDouble(labelMean);
    out.writeDouble(labelM2);
    predictions.encode(out);
    squaredErrors.encode(out);
    absoluteErrors.encode(out);
  }

  static RegressionAccumulator decode(DataInputStream in) throws IOException {
    RegressionAccumulator a = new RegressionAccumulator();
    a.n = in.readLong();
    a.labelMean = in.readDouble();
    a.labelM2 = in.readDouble();
    a.predictions.merge(CompensatedSum.decode(in));
    a.squaredErrors.merge(CompensatedSum.decode(in));
    a.absoluteErrors.merge(CompensatedSum.decode(in));
    return a;
  }
}
