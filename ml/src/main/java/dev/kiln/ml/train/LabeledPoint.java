package dev.kiln.ml.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * One training row as numbers: the feature vector in the model's feature order and the target (a
 * class index, or the value for regression). The distributed trainer passes these between iterations
 * instead of Rows, so every pass over the data reads plain doubles.
 */
public final class LabeledPoint {
  private final double[] x;
  private final double y;

  public LabeledPoint(double[] x, double y) {
    this.x = x;
    this.y = y;
  }

  /** The features (not a copy: treat as read-only). */
  public double[] x() {
    return x;
  }

  public double y() {
    return y;
  }

  /** A compact coder: the feature count, the features and the target as raw doubles. */
  public static final class Coder extends AtomicCoder<LabeledPoint> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(LabeledPoint p, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(p.x.length);
      for (double v : p.x) {
        data.writeDouble(v);
      }
      data.writeDouble(p.y);
      data.flush();
    }

    @Override
    public LabeledPoint decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      int n = data.readInt();
      if (n < 0) {
        throw new CoderException("negative feature count " + n);
      }
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = data.readDouble();
      }
      return new LabeledPoint(x, data.readDouble());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
