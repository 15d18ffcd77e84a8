package dev.kiln.ml.train;

import dev.kiln.ml.model.ModelTask;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * What one pass of the distributed trainer sums over the rows at fixed parameters θ: the row count,
 * the summed loss and the summed gradient of the loss. A row costs work in proportion to its
 * non-zeros (its (term, value) pairs, times the classes for softmax), never to the number of
 * parameters: the gradient of a row touches only the weights of its terms and the bias. Sums are
 * {@link FixedPointSums}, so they are the same whatever order the rows come in.
 *
 * <p>Parameters are laid out per output c (one for binary and regression, one per class for
 * multiclass): the T term weights, then the bias, so θ has {@code outputs·(T+1)} entries. Losses:
 * binary log loss {@code log(1+e^z) − y·z}, softmax {@code logsumexp(z) − z_y}, squared error
 * {@code (z − y)²}. The math uses {@link StrictMath}, whose results are fixed by its specification,
 * so every JVM computes the same terms.
 */
final class GradientSums implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  long n;
  /** The P gradient entries, then the loss; null while nothing was added (the empty sums of a combine). */
  FixedPointSums sums;

  private GradientSums(long n, FixedPointSums sums) {
    this.n = n;
    this.sums = sums;
  }

  /** Sums with nothing added, of any size. */
  static GradientSums empty() {
    return new GradientSums(0, null);
  }

  /** Empty sums for {@code parameters} parameters. */
  static GradientSums empty(int parameters) {
    return new GradientSums(0, new FixedPointSums(parameters + 1));
  }

  double loss() {
    return sums == null ? 0 : sums.get(sums.size() - 1);
  }

  double gradient(int i) {
    return sums == null ? 0 : sums.get(i);
  }

  /** Adds every row of {@code block} at parameters {@code theta} of {@code outputs × (terms + 1)} entries. */
  void add(ModelTask task, int outputs, int terms, double[] theta, PointBlock block) {
    if (sums == null) {
      sums = new FixedPointSums(theta.length + 1);
    }
    int lossAt = theta.length;
    int m = block.width;
    int[] t = block.terms;
    double[] v = block.values;
    for (int r = 0; r < block.rows; r++) {
      int o = r * m;
      double y = block.y[r];
      if (task == ModelTask.MULTICLASS) {
        addSoftmax(outputs, terms, theta, t, v, o, m, (int) y, lossAt);
        continue;
      }
      double z = theta[terms];
      for (int j = 0; j < m; j++) {
        z += theta[t[o + j]] * v[o + j];
      }
      double residual;
      if (task == ModelTask.BINARY) {
        double e = StrictMath.exp(-Math.abs(z));
        double p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        sums.add(lossAt, Math.max(z, 0) + StrictMath.log1p(e) - y * z);
        residual = p - y;
      } else {
        double d = z - y;
        sums.add(lossAt, d * d);
        residual = 2 * d;
      }
      addTerms(0, residual, t, v, o, m);
      sums.add(terms, residual);
    }
    n += block.rows;
  }

  private void addTerms(int base, double residual, int[] t, double[] v, int o, int m) {
    if (residual == 0) {
      return;
    }
    for (int j = 0; j < m; j++) {
      double x = v[o + j];
      if (x != 0) {
        sums.add(base + t[o + j], residual * x);
      }
    }
  }

  private void addSoftmax(int classes, int terms, double[] theta, int[] t, double[] v, int o, int m, int y, int lossAt) {
    int width = terms + 1;
    double[] z = new double[classes];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      int base = k * width;
      double s = theta[base + terms];
      for (int j = 0; j < m; j++) {
        s += theta[base + t[o + j]] * v[o + j];
      }
      z[k] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    double[] e = new double[classes];
    for (int k = 0; k < classes; k++) {
      e[k] = StrictMath.exp(z[k] - max);
      sum += e[k];
    }
    sums.add(lossAt, max + StrictMath.log(sum) - z[y]);
    for (int k = 0; k < classes; k++) {
      double residual = e[k] / sum - (k == y ? 1 : 0);
      addTerms(k * width, residual, t, v, o, m);
      sums.add(k * width + terms, residual);
    }
  }

  /** Adds {@code other} into these sums. */
  GradientSums merge(GradientSums other) {
    if (other.sums != null) {
      if (sums == null) {
        sums = new FixedPointSums(other.sums.size());
      }
      sums.add(other.sums);
    }
    n += other.n;
    return this;
  }

  /** n, then whether there are sums, then the sums. */
  static final class Coder extends AtomicCoder<GradientSums> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(GradientSums s, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeLong(s.n);
      data.writeBoolean(s.sums != null);
      if (s.sums != null) {
        s.sums.encode(data);
      }
      data.flush();
    }

    @Override
    public GradientSums decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      long n = data.readLong();
      return new GradientSums(n, data.readBoolean() ? FixedPointSums.decode(data) : null);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
