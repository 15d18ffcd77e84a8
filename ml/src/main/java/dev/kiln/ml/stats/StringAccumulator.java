package dev.kiln.ml.stats;

import dev.kiln.ml.stats.sketch.HeavyHitters;
import dev.kiln.ml.stats.sketch.HyperLogLog;
import dev.kiln.ml.stats.sketch.StringHash;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Count, missing, empty strings, total length, a HyperLogLog for the distinct count and a
 * heavy-hitters summary for the top values (which also gives the exact distinct count while it is
 * exact).
 */
final class StringAccumulator implements FieldAccumulator {
  private long count;
  private long missing;
  private long empty;
  private long totalLength;
  private final HyperLogLog distinct;
  private final HeavyHitters frequent;

  StringAccumulator(StatisticsOptions options) {
    this(new HyperLogLog(options.hllPrecision()), new HeavyHitters(options.heavyHitterCapacity()));
  }

  private StringAccumulator(HyperLogLog distinct, HeavyHitters frequent) {
    this.distinct = distinct;
    this.frequent = frequent;
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.STRING;
  }

  @Override
  public void add(Object value) {
    if (value == null) {
      missing++;
      return;
    }
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("expected a string, got " + FieldAccumulator.describe(value));
    }
    count++;
    if (s.isEmpty()) {
      empty++;
    }
    totalLength += s.codePointCount(0, s.length());
    distinct.addHash(StringHash.hash64(s));
    frequent.add(s);
  }

  @Override
  public void merge(FieldAccumulator other) {
    StringAccumulator o = (StringAccumulator) other;
    count += o.count;
    missing += o.missing;
    empty += o.empty;
    totalLength += o.totalLength;
    distinct.merge(o.distinct);
    frequent.merge(o.frequent);
  }

  @Override
  public FeatureStatistics extract(Schema.Field field, StatisticsOptions options) {
    boolean exact = frequent.isExact();
    long distinctCount = exact ? frequent.size() : Math.round(distinct.estimate());
    List<StringStatistics.ValueCount> top = new ArrayList<>();
    for (HeavyHitters.Entry e : frequent.top(options.topK())) {
      top.add(new StringStatistics.ValueCount(e.value(), e.count()));
    }
    StringStatistics strings = new StringStatistics(
        distinctCount, exact, exact ? 0 : distinct.relativeStandardError(), top, frequent.countErrorBound(),
        count == 0 ? null : (double) totalLength / count, empty);
    return new FeatureStatistics(field.getName(), FieldAccumulator.typeName(field.getType()), kind(),
        field.getType().getNullable(), count, missing, null, strings, null);
  }

  @Override
  public void encode(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeLong(missing);
    out.writeLong(empty);
    out.writeLong(totalLength);
    distinct.encode(out);
    frequent.encode(out);
  }

  static StringAccumulator decode(DataInput in) throws IOException {
    long count = in.readLong();
    long missing = in.readLong();
    long empty = in.readLong();
    long totalLength = in.readLong();
    StringAccumulator a = new StringAccumulator(HyperLogLog.decode(in), HeavyHitters.decode(in));
    a.count = count;
    a.missing = missing;
    a.empty = empty;
    a.totalLength = totalLength;
    return a;
  }
}
