package dev.kiln.ml.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The mergeable running state of {@link StatisticsCombineFn}: the row count and one summary per
 * field, in schema order. Opaque to callers; encoded by {@link StatisticsAccumulatorCoder}.
 */
public final class StatisticsAccumulator {
  long rows;
  final FieldAccumulator[] fields;

  StatisticsAccumulator(FieldAccumulator[] fields) {
    this.fields = fields;
  }

  /** The number of rows seen so far. */
  public long rows() {
    return rows;
  }

  void merge(StatisticsAccumulator other) {
    if (other.fields.length != fields.length) {
      throw new IllegalArgumentException(
          "cannot merge statistics of " + fields.length + " and " + other.fields.length + " fields");
    }
    rows += other.rows;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].kind() != other.fields[i].kind()) {
        throw new IllegalArgumentException("cannot merge statistics: field " + i + " is "
            + fields[i].kind() + " in one part and " + other.fields[i].kind() + " in the other");
      }
      fields[i].merge(other.fields[i]);
    }
  }

  void encode(DataOutput out) throws IOException {
    out.writeLong(rows);
    out.writeInt(fields.length);
    for (FieldAccumulator f : fields) {
      out.writeByte(f.kind().ordinal());
      f.encode(out);
    }
  }

  static StatisticsAccumulator decode(DataInput in) throws IOException {
    long rows = in.readLong();
    FieldAccumulator[] fields = new FieldAccumulator[in.readInt()];
    FeatureKind[] kinds = FeatureKind.values();
    for (int i = 0; i < fields.length; i++) {
      fields[i] = FieldAccumulator.decode(kinds[in.readByte()], in);
    }
    StatisticsAccumulator acc = new StatisticsAccumulator(fields);
    acc.rows = rows;
    return acc;
  }
}
