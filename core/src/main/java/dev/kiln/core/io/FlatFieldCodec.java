package dev.kiln.core.io;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.LogicalType;
import org.joda.time.Instant;
import org.joda.time.ReadableInstant;

/**
 * How {@link FlatRowCoder} writes and reads the non-null value of one field type, chosen once per
 * schema. One final class with a switch (not a class per type) keeps the per-field call
 * monomorphic in the coder's loop.
 *
 * <p>Encodings: integers (INT32, INT64, DATETIME as epoch millis) zig-zag var-ints; FLOAT and DOUBLE
 * their canonical IEEE bits ({@code floatToIntBits}, {@code doubleToLongBits}: NaN has one
 * encoding, -0.0 stays -0.0), little-endian; STRING UTF-8 and BYTES with a var-int length; DECIMAL
 * its scale and unscaled bytes; an ARRAY or ITERABLE its size, then its elements (each after a
 * null flag byte when elements may be null); a logical type its base type's value.
 */
final class FlatFieldCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  private enum Kind { BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, DECIMAL, BOOLEAN, STRING, BYTES, DATETIME, LIST, LOGICAL }

  private final Kind kind;
  /** LIST: the elements' codec; LOGICAL: the base type's. */
  private final FlatFieldCodec inner;
  /** LIST: whether an element may be null. */
  private final boolean nullableElements;
  /** LOGICAL: the type converting to and from its base type. */
  private final LogicalType<Object, Object> logicalType;

  private FlatFieldCodec(Kind kind, FlatFieldCodec inner, boolean nullableElements, LogicalType<Object, Object> logicalType) {
    this.kind = kind;
    this.inner = inner;
    this.nullableElements = nullableElements;
    this.logicalType = logicalType;
  }

  /** The codec of a type, or null when this coder does not cover it (ROW, MAP, or a logical type over them). */
  @SuppressWarnings("unchecked")
  static FlatFieldCodec forType(FieldType type) {
    switch (type.getTypeName()) {
      case BYTE: return simple(Kind.BYTE);
      case INT16: return simple(Kind.INT16);
      case INT32: return simple(Kind.INT32);
      case INT64: return simple(Kind.INT64);
      case FLOAT: return simple(Kind.FLOAT);
      case DOUBLE: return simple(Kind.DOUBLE);
      case DECIMAL: return simple(Kind.DECIMAL);
      case BOOLEAN: return simple(Kind.BOOLEAN);
      case STRING: return simple(Kind.STRING);
      case BYTES: return simple(Kind.BYTES);
      case DATETIME: return simple(Kind.DATETIME);
      case ARRAY:
      case ITERABLE: {
        FieldType element = type.getCollectionElementType();
        FlatFieldCodec codec = element == null ? null : forType(element);
        return codec == null ? null : new FlatFieldCodec(Kind.LIST, codec, element.getNullable(), null);
      }
      case LOGICAL_TYPE: {
        LogicalType<Object, Object> logical = (LogicalType<Object, Object>) type.getLogicalType();
        FlatFieldCodec base = forType(logical.getBaseType());
        return base == null ? null : new FlatFieldCodec(Kind.LOGICAL, base, false, logical);
      }
      default:
        return null;
    }
  }

  private static FlatFieldCodec simple(Kind kind) {
    return new FlatFieldCodec(kind, null, false, null);
  }

  void write(Object v, RowBytesWriter out) throws CoderException {
    switch (kind) {
      case BYTE: out.writeByte((Byte) v); return;
      case INT16: out.writeShort((Short) v); return;
      case INT32: out.writeZigZagLong((Integer) v); return;
      case INT64: out.writeZigZagLong((Long) v); return;
      case FLOAT: out.writeIntFixed(Float.floatToIntBits((Float) v)); return;
      case DOUBLE: out.writeLongFixed(Double.doubleToLongBits((Double) v)); return;
      case DECIMAL: {
        BigDecimal d = (BigDecimal) v;
        out.writeZigZagLong(d.scale());
        out.writeBytes(d.unscaledValue().toByteArray());
        return;
      }
      case BOOLEAN: out.writeByte((Boolean) v ? 1 : 0); return;
      case STRING: out.writeString((String) v); return;
      case BYTES: out.writeBytes((byte[]) v); return;
      case DATETIME: out.writeZigZagLong(((ReadableInstant) v).getMillis()); return;
      case LIST: writeList((Iterable<?>) v, out); return;
      case LOGICAL: {
        Object base = logicalType.toBaseType(v);
        if (base == null) {
          throw new CoderException("logical type " + logicalType.getIdentifier() + " gave no base value for " + v);
        }
        inner.write(base, out);
        return;
      }
      default: throw new IllegalStateException(kind.name());
    }
  }

  private void writeList(Iterable<?> values, RowBytesWriter out) throws CoderException {
    List<?> list;
    if (values instanceof List<?> l) {
      list = l;
    } else {
      List<Object> copy = new ArrayList<>();
      values.forEach(copy::add);
      list = copy;
    }
    int n = list.size();
    out.writeVarInt(n);
    for (int i = 0; i < n; i++) {
      Object e = list.get(i);
      if (nullableElements) {
        out.writeByte(e == null ? 0 : 1);
        if (e == null) {
          continue;
        }
      } else if (e == null) {
        throw new CoderException("element " + i + " of a list whose elements may not be null is null");
      }
      inner.write(e, out);
    }
  }

  Object read(RowBytesReader in) throws CoderException {
    switch (kind) {
      case BYTE: return in.readByte();
      case INT16: return in.readShort();
      case INT32: return (int) in.readZigZagLong();
      case INT64: return in.readZigZagLong();
      case FLOAT: return Float.intBitsToFloat(in.readIntFixed());
      case DOUBLE: return Double.longBitsToDouble(in.readLongFixed());
      case DECIMAL: {
        int scale = (int) in.readZigZagLong();
        return new BigDecimal(new BigInteger(in.readBytes()), scale);
      }
      case BOOLEAN: return in.readByte() != 0;
      case STRING: return in.readString();
      case BYTES: return in.readBytes();
      case DATETIME: return new Instant(in.readZigZagLong());
      case LIST: {
        int n = in.readVarInt();
        if (n < 0) {
          throw new CoderException("a list of negative size " + n);
        }
        List<Object> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          list.add(nullableElements && in.readByte() == 0 ? null : inner.read(in));
        }
        return list;
      }
      case LOGICAL: return logicalType.toInputType(inner.read(in));
      default: throw new IllegalStateException(kind.name());
    }
  }
}
