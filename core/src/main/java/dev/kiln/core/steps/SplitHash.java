package dev.kiln.core.steps;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.HashFunction;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hasher;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hashing;
import org.joda.time.ReadableInstant;

/**
 * Where a row falls in [0, 1) for the {@code split} step: MurmurHash3 (x64, 128-bit, seed 0, as
 * Guava's {@code Hashing.murmur3_128()}) of a canonical, typed encoding of the key value (or of every
 * value of the row, in column order), its first 64 bits read little-endian, top 53 bits as a fraction.
 *
 * <p>The encoding depends on the value, never on its Java object identity or {@code toString()}, so a
 * bytes column splits the same in every JVM and on every runner. Each value is a tag byte and a body:
 *
 * <ul>
 *   <li>null: tag 0;
 *   <li>a number that is a whole number within the range of a long, whatever its column type (byte,
 *       short, int, long, float, double, decimal): tag 1 and the long, 8 bytes little-endian. So
 *       {@code 5}, {@code 5L}, {@code 5.0} and {@code 5.00} (decimal) hash alike, and a csv column
 *       inferred as long on one file and as double on the next keeps its splits;
 *   <li>any other number: tag 2 and the bits of its double value (a float widened to double, a
 *       decimal's nearest double; every NaN as one NaN);
 *   <li>a string: tag 3, its UTF-8 length as an int and its UTF-8 bytes;
 *   <li>a boolean: tag 4 and one byte 0/1;
 *   <li>bytes: tag 5, the length and the bytes;
 *   <li>a date-time: tag 6 and its epoch milliseconds;
 *   <li>a list: tag 7, the element count and each element; a map: tag 8, the entry count and the
 *       entries' own 64-bit hashes summed (entry order does not matter); a nested row: tag 9, the
 *       field count and each field. A logical type hashes its base value.
 * </ul>
 *
 * <p>A string {@code "5"} and a number {@code 5} hash differently: types other than numbers are not
 * unified. This encoding is pinned by {@code SplitHashTest}: changing it moves rows between splits for
 * every user, so it needs a new {@link SplitStep#version()} and a note in the release.
 */
final class SplitHash {
  private static final HashFunction MURMUR3 = Hashing.murmur3_128();
  private static final byte NULL = 0, WHOLE = 1, REAL = 2, STRING = 3, BOOLEAN = 4, BYTES = 5, INSTANT = 6,
      LIST = 7, MAP = 8, ROW = 9;
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private SplitHash() {}

  /** The position in [0, 1) of {@code row}: of its {@code key} column's value, or of all its values when key is null. */
  static double position(Row row, String key) {
    Hasher h = MURMUR3.newHasher();
    if (key != null) {
      int i = row.getSchema().indexOf(key);
      put(h, row.getSchema().getField(i).getType(), row.getBaseValue(i, Object.class));
    } else {
      putFields(h, row);
    }
    return fraction(h.hash().asLong());
  }

  /** The position of one value of {@code type} (its base value, for a logical type). */
  static double position(FieldType type, Object value) {
    Hasher h = MURMUR3.newHasher();
    put(h, type, value);
    return fraction(h.hash().asLong());
  }

  private static double fraction(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  private static void putFields(Hasher h, Row row) {
    Schema schema = row.getSchema();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      put(h, schema.getField(i).getType(), row.getBaseValue(i, Object.class));
    }
  }

  private static void put(Hasher h, FieldType type, Object v) {
    if (v == null) {
      h.putByte(NULL);
      return;
    }
    if (type.getTypeName() == Schema.TypeName.LOGICAL_TYPE) {
      // row.getBaseValue already gave the base value at the top level; nested values may still be inputs
      @SuppressWarnings("unchecked")
      Schema.LogicalType<Object, Object> logical = (Schema.LogicalType<Object, Object>) type.getLogicalType();
      Object base = logical.getBaseType().getTypeName() != Schema.TypeName.LOGICAL_TYPE
          && !isBaseValue(logical.getBaseType(), v) ? logical.toBaseType(v) : v;
      put(h, logical.getBaseType(), base);
      return;
    }
    switch (type.getTypeName()) {
      case BYTE, INT16, INT32, INT64 -> whole(h, ((Number) v).longValue());
      case FLOAT, DOUBLE -> number(h, ((Number) v).doubleValue());
      case DECIMAL -> decimal(h, (BigDecimal) v);
      case STRING -> {
        byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
        h.putByte(STRING).putInt(utf8.length).putBytes(utf8);
      }
      case BOOLEAN -> h.putByte(BOOLEAN).putByte((byte) ((Boolean) v ? 1 : 0));
      case BYTES -> {
        byte[] bytes = bytes(v);
        h.putByte(BYTES).putInt(bytes.length).putBytes(bytes);
      }
      case DATETIME -> h.putByte(INSTANT).putLong(((ReadableInstant) v).getMillis());
      case ARRAY, ITERABLE -> {
        List<Object> items = new ArrayList<>();
        ((Iterable<?>) v).forEach(items::add);
        h.putByte(LIST).putInt(items.size());
        for (Object item : items) {
          put(h, type.getCollectionElementType(), item);
        }
      }
      case MAP -> {
        Map<?, ?> map = (Map<?, ?>) v;
        long sum = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          Hasher entry = MURMUR3.newHasher();
          put(entry, type.getMapKeyType(), e.getKey());
          put(entry, type.getMapValueType(), e.getValue());
          sum += entry.hash().asLong();
        }
        h.putByte(MAP).putInt(map.size()).putLong(sum);
      }
      case ROW -> {
        Row nested = (Row) v;
        h.putByte(ROW).putInt(nested.getFieldCount());
        putFields(h, nested);
      }
      default -> throw new IllegalArgumentException("the split step cannot hash a column of type " + type);
    }
  }

  private static boolean isBaseValue(FieldType base, Object v) {
    return switch (base.getTypeName()) {
      case BYTE, INT16, INT32, INT64, FLOAT, DOUBLE -> v instanceof Number;
      case DECIMAL -> v instanceof BigDecimal;
      case STRING -> v instanceof String;
      case BOOLEAN -> v instanceof Boolean;
      case BYTES -> v instanceof byte[] || v instanceof ByteBuffer;
      case DATETIME -> v instanceof ReadableInstant;
      case ARRAY, ITERABLE -> v instanceof Collection || v instanceof Iterable;
      case MAP -> v instanceof Map;
      case ROW -> v instanceof Row;
      default -> false;
    };
  }

  private static void whole(Hasher h, long value) {
    h.putByte(WHOLE).putLong(value);
  }

  private static void number(Hasher h, double d) {
    if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
      whole(h, (long) d); // also turns -0.0 into 0
    } else {
      h.putByte(REAL).putLong(Double.doubleToLongBits(d)); // doubleToLongBits: one bit pattern for every NaN
    }
  }

  private static void decimal(Hasher h, BigDecimal d) {
    if (d.signum() == 0 || (d.stripTrailingZeros().scale() <= 0 && d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0)) {
      BigInteger whole = d.toBigInteger();
      whole(h, whole.longValue());
    } else {
      number(h, d.doubleValue());
    }
  }

  private static byte[] bytes(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    ByteBuffer buffer = ((ByteBuffer) v).duplicate();
    byte[] b = new byte[buffer.remaining()];
    buffer.get(b);
    return b;
  }
}
