package dev.kiln.ml.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Up to {@link #CAPACITY} training rows as numbers: features row-major in one array, targets (class
 * index or value) in another. The distributed trainer passes blocks, not single rows, between its
 * passes: a runner's cost per element (scheduling, side-input checks, coding) is then paid once per
 * block, and the Newton sums run as a tight loop over plain arrays. Blocks stay spread over the
 * workers that made them; nothing gathers the data.
 */
final class PointBlock {
  static final int CAPACITY = 1024;

  final int rows;
  final int features;
  final double[] x;
  final double[] y;

  PointBlock(int rows, int features, double[] x, double[] y) {
    this.rows = rows;
    this.features = features;
    this.x = x;
    this.y = y;
  }

  /** Row {@code i}'s features copied into {@code into} (length {@link #features}). */
  double[] row(int i, double[] into) {
    System.arraycopy(x, i * features, into, 0, features);
    return into;
  }

  /** Collects rows into blocks of {@link #CAPACITY}. */
  static final class Builder {
    private final int features;
    private double[] x;
    private double[] y;
    private int rows;

    Builder(int features) {
      this.features = features;
      reset();
    }

    /** Adds a row; returns a full block when this row filled one, else null. */
    PointBlock add(double[] features, double target) {
      System.arraycopy(features, 0, x, rows * this.features, this.features);
      y[rows++] = target;
      return rows == CAPACITY ? take() : null;
    }

    /** The rows collected so far as a block, or null when there are none. */
    PointBlock take() {
      if (rows == 0) {
        return null;
      }
      PointBlock b = rows == CAPACITY ? new PointBlock(rows, features, x, y)
          : new PointBlock(rows, features, java.util.Arrays.copyOf(x, rows * features), java.util.Arrays.copyOf(y, rows));
      reset();
      return b;
    }

    private void reset() {
      x = new double[CAPACITY * features];
      y = new double[CAPACITY];
      rows = 0;
    }
  }

  /** Row count, feature count, then the raw doubles. */
  static final class Coder extends AtomicCoder<PointBlock> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(PointBlock b, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(b.rows);
      data.writeInt(b.features);
      ByteBuffer buf = ByteBuffer.allocate(8 * (b.x.length + b.y.length));
      buf.asDoubleBuffer().put(b.x).put(b.y);
      data.write(buf.array());
      data.flush();
    }

    @Override
    public PointBlock decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      int rows = data.readInt();
      int features = data.readInt();
      if (rows < 0 || features < 0 || rows > CAPACITY) {
        throw new CoderException("bad block header: " + rows + " rows of " + features + " features");
      }
      byte[] bytes = new byte[8 * (rows * features + rows)];
      data.readFully(bytes);
      var doubles = ByteBuffer.wrap(bytes).asDoubleBuffer();
      double[] x = new double[rows * features];
      double[] y = new double[rows];
      doubles.get(x).get(y);
      return new PointBlock(rows, features, x, y);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
