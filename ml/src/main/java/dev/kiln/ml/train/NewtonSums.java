package dev.kiln.ml.train;

import dev.kiln.ml.model.ModelTask;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * The sums one pass of the distributed trainer makes over the rows at fixed parameters θ: the row
 * count, the summed loss, the summed gradient and the summed Hessian of the loss (its upper triangle,
 * packed row by row). They add up across rows and merge across workers, so one Beam combine gives a
 * Newton step.
 *
 * <p>Parameters are laid out per output c (one for binary and regression, one per class for
 * multiclass): the d feature weights, then the bias, so θ has {@code outputs·(d+1)} entries. Losses:
 * binary log loss {@code log(1+e^z) − y·z}, softmax {@code logsumexp(z) − z_y}, squared error {@code (z − y)²}.
 */
final class NewtonSums {
  long n;
  double loss;
  double[] gradient;
  /** Upper triangle of the P×P Hessian, row by row: entry (a, b≥a) at {@code start(a) + b − a}. */
  double[] hessian;

  private NewtonSums(long n, double loss, double[] gradient, double[] hessian) {
    this.n = n;
    this.loss = loss;
    this.gradient = gradient;
    this.hessian = hessian;
  }

  /** Empty sums for {@code parameters} parameters. */
  static NewtonSums empty(int parameters) {
    return new NewtonSums(0, 0, new double[parameters], new double[parameters * (parameters + 1) / 2]);
  }

  /** The position of row a's diagonal entry in the packed upper triangle of a P×P matrix. */
  static int start(int a, int p) {
    return a * p - a * (a - 1) / 2;
  }

  int parameters() {
    return gradient.length;
  }

  /** Adds one row: {@code x} the features, {@code y} the target, at parameters {@code theta}. */
  void add(ModelTask task, int outputs, double[] theta, double[] x, double y) {
    add(task, outputs, theta, x, 0, x.length, y);
  }

  /** Adds every row of {@code block}. */
  void add(ModelTask task, int outputs, double[] theta, PointBlock block) {
    for (int r = 0; r < block.rows; r++) {
      add(task, outputs, theta, block.x, r * block.features, block.features, block.y[r]);
    }
  }

  /** Adds the row {@code x[o .. o+d)} with target {@code y}. */
  private void add(ModelTask task, int outputs, double[] theta, double[] x, int o, int d, double y) {
    n++;
    int width = d + 1;
    if (task == ModelTask.MULTICLASS) {
      addSoftmax(outputs, width, theta, x, o, (int) y);
      return;
    }
    double z = theta[d];
    for (int i = 0; i < d; i++) {
      z += theta[i] * x[o + i];
    }
    double residual;
    double curvature;
    if (task == ModelTask.BINARY) {
      double p = dev.kiln.ml.model.LinearWeights.sigmoid(z);
      loss += softplus(z) - y * z;
      residual = p - y;
      curvature = p * (1 - p);
    } else {
      double r = z - y;
      loss += r * r;
      residual = 2 * r;
      curvature = 2;
    }
    int p = width;
    for (int a = 0; a < width; a++) {
      double xa = a < d ? x[o + a] : 1;
      gradient[a] += residual * xa;
      double ca = curvature * xa;
      int base = start(a, p) - a;
      for (int b = a; b < d; b++) {
        hessian[base + b] += ca * x[o + b];
      }
      hessian[base + d] += ca; // the bias column: x̃_d = 1
    }
  }

  private void addSoftmax(int classes, int width, double[] theta, double[] x, int o, int y) {
    int d = width - 1;
    double[] z = new double[classes];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      double s = theta[k * width + d];
      for (int i = 0; i < d; i++) {
        s += theta[k * width + i] * x[o + i];
      }
      z[k] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    double[] prob = new double[classes];
    for (int k = 0; k < classes; k++) {
      prob[k] = Math.exp(z[k] - max);
      sum += prob[k];
    }
    loss += max + Math.log(sum) - z[y];
    for (int k = 0; k < classes; k++) {
      prob[k] /= sum;
    }
    int p = classes * width;
    for (int k = 0; k < classes; k++) {
      double r = prob[k] - (k == y ? 1 : 0);
      for (int i = 0; i < width; i++) {
        gradient[k * width + i] += r * (i < d ? x[o + i] : 1);
      }
      for (int l = k; l < classes; l++) {
        double coef = prob[k] * ((k == l ? 1 : 0) - prob[l]);
        for (int i = 0; i < width; i++) {
          int a = k * width + i;
          double ca = coef * (i < d ? x[o + i] : 1);
          int base = start(a, p) - a;
          for (int j = k == l ? i : 0; j < width; j++) {
            int b = l * width + j;
            hessian[base + b] += ca * (j < d ? x[o + j] : 1);
          }
        }
      }
    }
  }

  /** {@code log(1 + e^z)} without overflow. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  NewtonSums merge(NewtonSums other) {
    n += other.n;
    loss += other.loss;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += other.gradient[i];
    }
    for (int i = 0; i < hessian.length; i++) {
      hessian[i] += other.hessian[i];
    }
    return this;
  }

  /** The Hessian as a full symmetric matrix. */
  double[][] hessianMatrix() {
    int p = gradient.length;
    double[][] m = new double[p][p];
    for (int a = 0; a < p; a++) {
      int base = start(a, p) - a;
      for (int b = a; b < p; b++) {
        m[a][b] = hessian[base + b];
        m[b][a] = hessian[base + b];
      }
    }
    return m;
  }

  /** Raw doubles: n, loss, P, gradient, packed Hessian. */
  static final class Coder extends AtomicCoder<NewtonSums> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(NewtonSums s, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeLong(s.n);
      data.writeDouble(s.loss);
      data.writeInt(s.gradient.length);
      for (double v : s.gradient) {
        data.writeDouble(v);
      }
      for (double v : s.hessian) {
        data.writeDouble(v);
      }
      data.flush();
    }

    @Override
    public NewtonSums decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      long n = data.readLong();
      double loss = data.readDouble();
      int p = data.readInt();
      double[] g = new double[p];
      for (int i = 0; i < p; i++) {
        g[i] = data.readDouble();
      }
      double[] h = new double[p * (p + 1) / 2];
      for (int i = 0; i < h.length; i++) {
        h[i] = data.readDouble();
      }
      return new NewtonSums(n, loss, g, h);
    }
  }
}
