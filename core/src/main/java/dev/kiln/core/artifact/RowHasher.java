package dev.kiln.core.artifact;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * A 128-bit hash (two 64-bit lanes) of one row's values, fed value by value without building a byte
 * encoding first, so that hashing a row costs about as much as reading it.
 *
 * <p>Values are encoded canonically by their schema type, never through a Beam coder: an INT32
 * field hashes as a 64-bit integer, a string as its length and UTF-16 code units, and so on, so
 * the same logical row gives the same hash whichever file format or runner produced it. Each
 * value is preceded by a tag, so null, an empty string and an empty list all differ.
 *
 * <p>This is not a cryptographic hash; it guards cache keys against accidental change, not
 * against an adversary who crafts rows.
 */
final class RowHasher {
  // Odd 64-bit multipliers with well-mixed bits (digits of pi and e, and the golden ratio).
  private static final long K1 = 0x9E3779B97F4A7C15L;
  private static final long K2 = 0xC2B2AE3D27D4EB4FL;
  private static final long K3 = 0x243F6A8885A308D3L;
  private static final long K4 = 0xB7E151628AED2A6BL;

  private static final long NULL = 1, INT = 2, FLOAT = 3, DOUBLE = 4, BOOL = 5, STRING = 6, BYTES = 7,
      INSTANT = 8, DECIMAL = 9, LIST = 10, MAP = 11, ROW = 12;

  private long a = K3;
  private long b = K4;
  private long n;

  /** Hash of {@code row} into {@code lanes[0..1]}. */
  static void hash(Row row, long[] lanes) {
    RowHasher h = new RowHasher();
    h.row(row);
    h.finish(lanes);
  }

  private void mix(long v) {
    a = Long.rotateLeft(a ^ (v * K1), 31) * K2;
    b = Long.rotateLeft(b + (v ^ a), 29) * K3 + K4;
    n++;
  }

  private void finish(long[] lanes) {
    long x = a + Long.rotateLeft(b, 17) + n;
    long y = b ^ (a * K4) ^ n;
    lanes[0] = avalanche(x);
    lanes[1] = avalanche(y + lanes[0]);
  }

  /** A final mixer so that every input bit affects every output bit. */
  private static long avalanche(long x) {
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    x ^= x >>> 33;
    return x;
  }

  private void row(Row row) {
    Schema schema = row.getSchema();
    int count = schema.getFieldCount();
    for (int i = 0; i < count; i++) {
      value(schema.getField(i).getType(), row.getValue(i));
    }
  }

  private void value(FieldType type, Object v) {
    if (v == null) {
      mix(NULL);
      return;
    }
    switch (type.getTypeName()) {
      case BYTE, INT16, INT32, INT64 -> {
        mix(INT);
        mix(((Number) v).longValue());
      }
      case FLOAT -> {
        mix(FLOAT);
        mix(Float.floatToIntBits((Float) v));
      }
      case DOUBLE -> {
        mix(DOUBLE);
        mix(Double.doubleToLongBits((Double) v));
      }
      case BOOLEAN -> {
        mix(BOOL);
        mix(((Boolean) v) ? 1 : 0);
      }
      case STRING -> string((String) v);
      case BYTES -> bytes((byte[]) v);
      case DATETIME -> {
        mix(INSTANT);
        mix(((ReadableInstant) v).getMillis());
      }
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) v;
        mix(DECIMAL);
        mix(d.scale());
        bytes(d.unscaledValue().toByteArray());
      }
      case ARRAY, ITERABLE -> {
        mix(LIST);
        FieldType element = type.getCollectionElementType();
        long size = 0;
        for (Object e : (Iterable<?>) v) {
          value(element, e);
          size++;
        }
        mix(size);
      }
      case MAP -> map(type, (Map<?, ?>) v);
      case ROW -> {
        mix(ROW);
        row((Row) v);
      }
      case LOGICAL_TYPE -> logical(type, v);
      default -> throw new IllegalArgumentException("cannot fingerprint a value of type " + type);
    }
  }

  @SuppressWarnings("unchecked")
  private void logical(FieldType type, Object v) {
    Schema.LogicalType<Object, Object> logical = (Schema.LogicalType<Object, Object>) type.getLogicalType();
    value(logical.getBaseType(), logical.toBaseType(v));
  }

  /** Map entries in any iteration order give the same hash: entry hashes are added. */
  private void map(FieldType type, Map<?, ?> m) {
    long sumA = 0;
    long sumB = 0;
    long[] lanes = new long[2];
    for (Map.Entry<?, ?> e : m.entrySet()) {
      RowHasher entry = new RowHasher();
      entry.value(type.getMapKeyType(), e.getKey());
      entry.value(type.getMapValueType(), e.getValue());
      entry.finish(lanes);
      sumA += lanes[0];
      sumB += lanes[1];
    }
    mix(MAP);
    mix(m.size());
    mix(sumA);
    mix(sumB);
  }

  private void string(String s) {
    mix(STRING);
    int len = s.length();
    mix(len);
    int i = 0;
    for (; i + 4 <= len; i += 4) {
      mix(((long) s.charAt(i) << 48) | ((long) s.charAt(i + 1) << 32) | ((long) s.charAt(i + 2) << 16) | s.charAt(i + 3));
    }
    long tail = 0;
    for (; i < len; i++) {
      tail = (tail << 16) | s.charAt(i);
    }
    mix(tail);
  }

  private void bytes(byte[] bytes) {
    mix(BYTES);
    mix(bytes.length);
    long word = 0;
    for (int i = 0; i < bytes.length; i++) {
      word = (word << 8) | (bytes[i] & 0xFF);
      if ((i & 7) == 7) {
        mix(word);
        word = 0;
      }
    }
    mix(word);
  }
}
