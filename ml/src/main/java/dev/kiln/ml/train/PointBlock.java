package dev.kiln.ml.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Up to {@link #CAPACITY} training rows as sparse numbers: per row one (term, value) pair per feature
 * column ({@link dev.kiln.ml.model.FeatureLayout}), row-major in two arrays of {@code rows × width},
 * and the targets (class index or value). A one-hot column is one pair whatever its number of index
 * values, so a block's size and the work on it grow with the non-zeros, not with the terms. The
 * distributed trainer passes blocks, not single rows, between its passes: a runner's cost per
 * element is then paid once per block. Blocks stay spread over the workers that made them.
 */
final class PointBlock {
  static final int CAPACITY = 1024;

  final int rows;
  /** Pairs per row: the number of feature columns. */
  final int width;
  final int[] terms;
  final double[] values;
  final double[] y;

  PointBlock(int rows, int width, int[] terms, double[] values, double[] y) {
    this.rows = rows;
    this.width = width;
    this.terms = terms;
    this.values = values;
    this.y = y;
  }

  /** Collects rows into blocks of {@link #CAPACITY}. */
  static final class Builder {
    private final int width;
    private int[] terms;
    private double[] values;
    private double[] y;
    private int rows;

    Builder(int width) {
      this.width = width;
      reset();
    }

    /** Where the next row's pairs go: {@link #terms()}{@code [at ..]} and {@link #values()}{@code [at ..]}. */
    int nextOffset() {
      return rows * width;
    }

    int[] terms() {
      return terms;
    }

    double[] values() {
      return values;
    }

    /** Ends the row whose pairs were written at {@link #nextOffset()}; returns a full block, else null. */
    PointBlock add(double target) {
      y[rows++] = target;
      return rows == CAPACITY ? take() : null;
    }

    /** The rows collected so far as a block, or null when there are none. */
    PointBlock take() {
      if (rows == 0) {
        return null;
      }
      PointBlock b = rows == CAPACITY ? new PointBlock(rows, width, terms, values, y)
          : new PointBlock(rows, width, Arrays.copyOf(terms, rows * width), Arrays.copyOf(values, rows * width),
              Arrays.copyOf(y, rows));
      reset();
      return b;
    }

    private void reset() {
      terms = new int[CAPACITY * width];
      values = new double[CAPACITY * width];
      y = new double[CAPACITY];
      rows = 0;
    }
  }

  /** Row count, width, then the raw ints and doubles. */
  static final class Coder extends AtomicCoder<PointBlock> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(PointBlock b, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(b.rows);
      data.writeInt(b.width);
      ByteBuffer buf = ByteBuffer.allocate(4 * b.terms.length + 8 * (b.values.length + b.y.length));
      buf.asIntBuffer().put(b.terms);
      buf.position(4 * b.terms.length);
      buf.asDoubleBuffer().put(b.values).put(b.y);
      data.write(buf.array());
      data.flush();
    }

    @Override
    public PointBlock decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      int rows = data.readInt();
      int width = data.readInt();
      if (rows < 0 || width < 0 || rows > CAPACITY) {
        throw new CoderException("bad block header: " + rows + " rows of " + width + " columns");
      }
      int pairs = rows * width;
      byte[] bytes = new byte[4 * pairs + 8 * (pairs + rows)];
      data.readFully(bytes);
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      int[] terms = new int[pairs];
      buf.asIntBuffer().get(terms);
      buf.position(4 * pairs);
      double[] values = new double[pairs];
      double[] y = new double[rows];
      buf.asDoubleBuffer().get(values).get(y);
      return new PointBlock(rows, width, terms, values, y);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
