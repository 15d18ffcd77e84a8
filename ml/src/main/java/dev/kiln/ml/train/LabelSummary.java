package dev.kiln.ml.train;

import java.io.Serializable;
import java.util.TreeSet;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.Row;

/**
 * What one pass over the label column learns: how many rows there are, how many have no label, and
 * the distinct label values (up to {@link #MAX_VALUES}) as strings, from which the task and the
 * classes are inferred ({@link LabelEncoding#infer}). Mergeable, so it is computed with a Beam combine.
 */
public final class LabelSummary implements Serializable {
  /** More distinct values than this cannot be classes. */
  public static final int MAX_VALUES = 1000;
  private static final long serialVersionUID = 1L;

  long rows;
  long nulls;
  final TreeSet<String> values = new TreeSet<>();
  boolean overflow;
  /** A numeric label had a value with a fraction (so it cannot be a class). */
  String fractional;

  /** Counts one label value (null for a row without label). */
  public LabelSummary add(Object label) {
    rows++;
    if (label == null) {
      nulls++;
      return this;
    }
    String key = key(label);
    if (label instanceof Number n && fractional == null && !isIntegral(n.doubleValue())) {
      fractional = key;
    }
    if (!overflow) {
      values.add(key);
      if (values.size() > MAX_VALUES) {
        overflow = true;
        values.clear(); // no longer needed: only the overflow matters
      }
    }
    return this;
  }

  /** Adds the counts of {@code other}. */
  public LabelSummary merge(LabelSummary other) {
    rows += other.rows;
    nulls += other.nulls;
    if (fractional == null) {
      fractional = other.fractional;
    }
    if (!overflow) {
      if (other.overflow) {
        overflow = true;
        values.clear();
      } else {
        values.addAll(other.values);
        if (values.size() > MAX_VALUES) {
          overflow = true;
          values.clear();
        }
      }
    }
    return this;
  }

  public long rows() {
    return rows;
  }

  public long nulls() {
    return nulls;
  }

  /** The label as a class name: {@code true}/{@code false}, the string, or the number ({@code 1}, not {@code 1.0}, when whole). */
  public static String key(Object label) {
    if (label instanceof Number n) {
      double d = n.doubleValue();
      return isIntegral(d) ? Long.toString((long) d) : Double.toString(d);
    }
    return label.toString();
  }

  private static boolean isIntegral(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15;
  }

  /** The combine that summarizes the label column {@code label} of a dataset. */
  static final class Fn extends Combine.CombineFn<Row, LabelSummary, LabelSummary> {
    private final String label;

    Fn(String label) {
      this.label = label;
    }

    @Override
    public LabelSummary createAccumulator() {
      return new LabelSummary();
    }

    @Override
    public LabelSummary addInput(LabelSummary acc, Row row) {
      return acc.add(row.getValue(label));
    }

    @Override
    public LabelSummary mergeAccumulators(Iterable<LabelSummary> accs) {
      LabelSummary out = new LabelSummary();
      for (LabelSummary a : accs) {
        out.merge(a);
      }
      return out;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<LabelSummary> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<Row> input) {
      return JavaSerialCoder.of(LabelSummary.class);
    }

    @Override
    public LabelSummary extractOutput(LabelSummary acc) {
      return acc;
    }
  }
}
