package dev.kiln.ml.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.beam.sdk.schemas.Schema;

/** Count, missing and trues of a boolean field. */
final class BooleanAccumulator implements FieldAccumulator {
  private long count;
  private long missing;
  private long trues;

  @Override
  public FeatureKind kind() {
    return FeatureKind.BOOLEAN;
  }

  @Override
  public void add(Object value) {
    if (value == null) {
      missing++;
      return;
    }
    if (!(value instanceof Boolean b)) {
      throw new IllegalArgumentException("expected a boolean, got " + FieldAccumulator.describe(value));
    }
    count++;
    if (b) {
      trues++;
    }
  }

  @Override
  public void merge(FieldAccumulator other) {
    BooleanAccumulator o = (BooleanAccumulator) other;
    count += o.count;
    missing += o.missing;
    trues += o.trues;
  }

  @Override
  public FeatureStatistics extract(Schema.Field field, StatisticsOptions options) {
    return new FeatureStatistics(field.getName(), FieldAccumulator.typeName(field.getType()), kind(),
        field.getType().getNullable(), count, missing, null, null, new BooleanStatistics(trues, count - trues));
  }

  @Override
  public void encode(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeLong(missing);
    out.writeLong(trues);
  }

  static BooleanAccumulator decode(DataInput in) throws IOException {
    BooleanAccumulator a = new BooleanAccumulator();
    a.count = in.readLong();
    a.missing = in.readLong();
    a.trues = in.readLong();
    return a;
  }
}
