package dev.kiln.ml.evaluate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A sum of doubles with Neumaier's compensation: its error does not grow with the number of terms, so
 * sums merged in a different order (other bundles, another runner) agree to the last bits or so, and
 * the rounded values in a Metrics document are the same bytes run after run.
 */
final class CompensatedSum {
  private double sum;
  private double compensation;

  void add(double x) {
    double t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  void merge(CompensatedSum other) {
    add(other.sum);
    compensation += other.compensation;
  }

  double value() {
    return sum + compensation;
  }

  void encode(DataOutputStream out) throws IOException {
    out.writeDouble(sum);
    out.writeDouble(compensation);
  }

  static CompensatedSum decode(DataInputStream in) throws IOException {
    CompensatedSum s = new CompensatedSum();
    s.sum = in.readDouble();
    s.compensation = in.readDouble();
    return s;
  }
}
