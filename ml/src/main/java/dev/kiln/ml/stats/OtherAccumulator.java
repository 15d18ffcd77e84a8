package dev.kiln.ml.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.beam.sdk.schemas.Schema;

/** Only count and missing, for fields that are neither numbers, strings nor booleans. */
final class OtherAccumulator implements FieldAccumulator {
  private long count;
  private long missing;

  @Override
  public FeatureKind kind() {
    return FeatureKind.OTHER;
  }

  @Override
  public void add(Object value) {
    if (value == null) {
      missing++;
    } else {
      count++;
    }
  }

  @Override
  public void merge(FieldAccumulator other) {
    OtherAccumulator o = (OtherAccumulator) other;
    count += o.count;
    missing += o.missing;
  }

  @Override
  public FeatureStatistics extract(Schema.Field field, StatisticsOptions options) {
    return new FeatureStatistics(field.getName(), FieldAccumulator.typeName(field.getType()), kind(),
        field.getType().getNullable(), count, missing, null, null, null);
  }

  @Override
  public void encode(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeLong(missing);
  }

  static OtherAccumulator decode(DataInput in) throws IOException {
    OtherAccumulator a = new OtherAccumulator();
    a.count = in.readLong();
    a.missing = in.readLong();
    return a;
  }
}
