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
 * Count, missing, empty strings, total length, a heavy-hitters summary for the top values, and a
 * HyperLogLog for the distinct count.
 *
 * <p>While the heavy-hitters summary is exact it holds every distinct value, which gives the exact
 * distinct count; the HyperLogLog is only created, from those values, just before the summary would
 * first drop one. So low-cardinality columns (most categorical features) never hash a value, and the
 * accumulator of a small bundle stays small instead of carrying 2^p registers.
 */
final class StringAccumulator implements FieldAccumulator {
  private long count;
  private long missing;
  private long empty;
  private long totalLength;
  private final int hllPrecision;
  /** Null while {@link #frequent} is exact and holds every distinct value. */
  private HyperLogLog distinct;
  private final HeavyHitters frequent;

  StringAccumulator(StatisticsOptions options) {
    this(options.hllPrecision(), null, new HeavyHitters(options.heavyHitterCapacity()));
  }

  private StringAccumulator(int hllPrecision, HyperLogLog distinct, HeavyHitters frequent) {
    this.hllPrecision = hllPrecision;
    this.distinct = distinct;
    this.frequent = frequent;
  }

  /** A HyperLogLog of the values the (exact) summary holds. */
  private static HyperLogLog fromValues(HeavyHitters exact, int precision) {
    HyperLogLog hll = new HyperLogLog(precision);
    for (String v : exact.values()) {
      hll.addHash(StringHash.hash64(v));
    }
    return hll;
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
    if (distinct == null) {
      if (frequent.size() >= frequent.capacity() && !frequent.contains(s)) {
        distinct = fromValues(frequent, hllPrecision); // the summary is about to drop values
      } else {
        frequent.add(s);
        return;
      }
    }
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
    if (distinct != null || o.distinct != null || frequent.size() + o.frequent.size() > frequent.capacity()) {
      // The merged summary may drop values: keep the distinct count in a HyperLogLog from now on.
      if (distinct == null) {
        distinct = fromValues(frequent, hllPrecision);
      }
      distinct.merge(o.distinct != null ? o.distinct : fromValues(o.frequent, hllPrecision));
    }
    frequent.merge(o.frequent);
  }

  @Override
  public FeatureStatistics extract(Schema.Field field, StatisticsOptions options) {
    boolean exact = frequent.isExact();
    long distinctCount = exact ? frequent.size() : Math.round(distinct.estimate());
    double relativeError = exact ? 0 : HyperLogLog.relativeStandardError(hllPrecision);
    List<StringStatistics.ValueCount> top = new ArrayList<>();
    for (HeavyHitters.Entry e : frequent.top(options.topK())) {
      top.add(new StringStatistics.ValueCount(e.value(), e.count()));
    }
    StringStatistics strings = new StringStatistics(
        distinctCount, exact, relativeError, top, frequent.countErrorBound(),
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
    out.writeByte(hllPrecision);
    out.writeBoolean(distinct != null);
    if (distinct != null) {
      distinct.encode(out);
    }
    frequent.encode(out);
  }

  static StringAccumulator decode(DataInput in) throws IOException {
    long count = in.readLong();
    long missing = in.readLong();
    long empty = in.readLong();
    long totalLength = in.readLong();
    int precision = in.readByte();
    HyperLogLog distinct = in.readBoolean() ? HyperLogLog.decode(in) : null;
    StringAccumulator a = new StringAccumulator(precision, distinct, HeavyHitters.decode(in));
    a.count = count;
    a.missing = missing;
    a.empty = empty;
    a.totalLength = totalLength;
    return a;
  }
}
