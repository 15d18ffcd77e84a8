package dev.kiln.core.io.tfrecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.values.Row;

/**
 * Converts Beam {@link Row}s to serialized {@code tf.train.Example} protos and back.
 *
 * <p>Mapping: INT64, INT32, INT16, BYTE and BOOLEAN (0/1) to {@code int64_list}; DOUBLE and FLOAT to
 * {@code float_list}; STRING (UTF-8) and BYTES to {@code bytes_list}; an ARRAY or ITERABLE of one of
 * those to a list with several values; null to an absent feature. {@code float_list} holds 32-bit
 * floats, so a DOUBLE is stored with float precision, as TensorFlow does; {@link #storedForm(Row)}
 * gives the row exactly as it will read back.
 */
public final class TfExampleCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final byte[][] keys;
  private final boolean hasDoubles;

  private TfExampleCodec(Schema schema) {
    this.schema = schema;
    this.keys = new byte[schema.getFieldCount()][];
    boolean doubles = false;
    for (int i = 0; i < keys.length; i++) {
      Schema.Field field = schema.getField(i);
      TypeName scalar = scalarType(field);
      doubles |= scalar == TypeName.DOUBLE;
      keys[i] = field.getName().getBytes(StandardCharsets.UTF_8);
    }
    this.hasDoubles = doubles;
  }

  /**
   * A codec for rows of {@code schema}.
   *
   * @throws IllegalArgumentException naming the first field whose type a tf.train.Example cannot hold
   */
  public static TfExampleCodec of(Schema schema) {
    return new TfExampleCodec(schema);
  }

  public Schema schema() {
    return schema;
  }

  /** The element type of a field (the field's type, or an array's element type), checked. */
  private static TypeName scalarType(Schema.Field field) {
    FieldType type = field.getType();
    if (type.getTypeName().isCollectionType()) {
      type = type.getCollectionElementType();
    }
    TypeName name = type.getTypeName();
    switch (name) {
      case BYTE, INT16, INT32, INT64, BOOLEAN, FLOAT, DOUBLE, STRING, BYTES:
        return name;
      default:
        throw new IllegalArgumentException(
            "field '" + field.getName() + "' has type " + field.getType()
                + ", which a tf.train.Example cannot hold; supported are INT64, INT32, INT16, BYTE,"
                + " BOOLEAN, DOUBLE, FLOAT, STRING, BYTES and arrays of them");
    }
  }

  private static TfFeature.Kind kindOf(TypeName scalar) {
    return switch (scalar) {
      case FLOAT, DOUBLE -> TfFeature.Kind.FLOAT;
      case STRING, BYTES -> TfFeature.Kind.BYTES;
      default -> TfFeature.Kind.INT64;
    };
  }

  /** Serializes {@code row} (which must have this codec's schema) as a tf.train.Example. */
  public byte[] encode(Row row) {
    List<byte[]> presentKeys = new ArrayList<>(keys.length);
    List<TfFeature> features = new ArrayList<>(keys.length);
    for (int i = 0; i < keys.length; i++) {
      Object value = row.getValue(i);
      if (value == null) {
        continue; // absent feature = missing value, as TensorFlow reads it
      }
      FieldType type = schema.getField(i).getType();
      TfFeature feature;
      if (type.getTypeName().isCollectionType()) {
        TypeName scalar = type.getCollectionElementType().getTypeName();
        feature = new TfFeature(kindOf(scalar));
        for (Object element : (Iterable<?>) value) {
          if (element == null) {
            throw new IllegalArgumentException(
                "field '" + schema.getField(i).getName() + "' holds a null list element;"
                    + " a tf.train.Example list cannot");
          }
          add(feature, scalar, element);
        }
      } else {
        TypeName scalar = type.getTypeName();
        feature = new TfFeature(kindOf(scalar));
        add(feature, scalar, value);
      }
      presentKeys.add(keys[i]);
      features.add(feature);
    }
    return ExampleWire.write(presentKeys, features);
  }

  private static void add(TfFeature feature, TypeName scalar, Object value) {
    switch (scalar) {
      case BOOLEAN -> feature.addLong(((Boolean) value) ? 1L : 0L);
      case BYTE, INT16, INT32, INT64 -> feature.addLong(((Number) value).longValue());
      case FLOAT, DOUBLE -> feature.addFloat(((Number) value).floatValue());
      case STRING -> feature.addBytes(((String) value).getBytes(StandardCharsets.UTF_8));
      case BYTES -> feature.addBytes((byte[]) value);
      default -> throw new IllegalStateException("unchecked type " + scalar);
    }
  }

  /**
   * Parses a serialized tf.train.Example into a row of this codec's schema. Features not in the
   * schema are an error: silently dropping data would change what a step computes.
   *
   * @throws IllegalArgumentException naming the feature that does not fit the schema
   */
  public Row decode(byte[] example) {
    Map<String, TfFeature> features = ExampleWire.parse(example);
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      Schema.Field field = schema.getField(i);
      TfFeature feature = features.remove(field.getName());
      values[i] = feature == null ? null : valueOf(field, feature);
      if (values[i] == null && !field.getType().getNullable()) {
        throw new IllegalArgumentException(
            "feature '" + field.getName() + "' is missing but the field is not nullable");
      }
    }
    if (!features.isEmpty()) {
      throw new IllegalArgumentException(
          "feature '" + features.keySet().iterator().next() + "' is not in the schema "
              + schema.getFieldNames());
    }
    return Row.withSchema(schema).attachValues(asList(values));
  }

  private static List<Object> asList(Object[] values) {
    // Row values may be null, which List.of does not allow.
    List<Object> list = new ArrayList<>(values.length);
    for (Object v : values) {
      list.add(v);
    }
    return list;
  }

  private static Object valueOf(Schema.Field field, TfFeature feature) {
    FieldType type = field.getType();
    boolean isList = type.getTypeName().isCollectionType();
    TypeName scalar = isList ? type.getCollectionElementType().getTypeName() : type.getTypeName();
    if (feature.kind == TfFeature.Kind.UNSET) {
      return null;
    }
    if (feature.kind != kindOf(scalar)) {
      throw new IllegalArgumentException(
          "feature '" + field.getName() + "' is a " + feature.kind.protoName + " but the field has type "
              + type + " (expects " + kindOf(scalar).protoName + ")");
    }
    if (isList) {
      List<Object> list = new ArrayList<>(feature.size());
      for (int i = 0; i < feature.size(); i++) {
        list.add(scalarAt(field, scalar, feature, i));
      }
      return list;
    }
    if (feature.size() == 0) {
      return null; // an empty list is how TensorFlow often writes a missing value
    }
    if (feature.size() > 1) {
      throw new IllegalArgumentException(
          "feature '" + field.getName() + "' has " + feature.size() + " values but the field has the"
              + " single-value type " + type);
    }
    return scalarAt(field, scalar, feature, 0);
  }

  private static Object scalarAt(Schema.Field field, TypeName scalar, TfFeature f, int i) {
    switch (scalar) {
      case INT64:
        return f.longAt(i);
      case INT32:
        return (int) checkRange(field, f.longAt(i), Integer.MIN_VALUE, Integer.MAX_VALUE);
      case INT16:
        return (short) checkRange(field, f.longAt(i), Short.MIN_VALUE, Short.MAX_VALUE);
      case BYTE:
        return (byte) checkRange(field, f.longAt(i), Byte.MIN_VALUE, Byte.MAX_VALUE);
      case BOOLEAN:
        return checkRange(field, f.longAt(i), 0, 1) == 1;
      case FLOAT:
        return f.floatAt(i);
      case DOUBLE:
        return (double) f.floatAt(i);
      case STRING:
        return new String(f.bytesAt(i), StandardCharsets.UTF_8);
      case BYTES:
        return f.bytesAt(i);
      default:
        throw new IllegalStateException("unchecked type " + scalar);
    }
  }

  private static long checkRange(Schema.Field field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          "feature '" + field.getName() + "' value " + v + " does not fit the field type " + field.getType());
    }
    return v;
  }

  /**
   * The row as it reads back after {@link #encode}: DOUBLE values rounded to float precision. Returns
   * {@code row} itself when the schema has no DOUBLE field (the common cost-free case).
   */
  public Row storedForm(Row row) {
    if (!hasDoubles) {
      return row;
    }
    List<Object> values = new ArrayList<>(keys.length);
    for (int i = 0; i < keys.length; i++) {
      Object v = row.getValue(i);
      FieldType type = schema.getField(i).getType();
      if (v != null && type.getTypeName() == TypeName.DOUBLE) {
        v = (double) ((Double) v).floatValue();
      } else if (v != null && type.getTypeName().isCollectionType()
          && type.getCollectionElementType().getTypeName() == TypeName.DOUBLE) {
        List<Object> rounded = new ArrayList<>();
        for (Object e : (Iterable<?>) v) {
          rounded.add(e == null ? null : (double) ((Double) e).floatValue());
        }
        v = rounded;
      }
      values.add(v);
    }
    return Row.withSchema(schema).attachValues(values);
  }

  /**
   * Infers a schema from sample Examples: {@code int64_list} to INT64, {@code float_list} to DOUBLE,
   * {@code bytes_list} to STRING, all nullable, fields sorted by name; a feature with more than one
   * value in any sample becomes an ARRAY of that type; a feature that never has a value list in the
   * sample becomes STRING.
   *
   * @throws IllegalArgumentException if a feature has different kinds in different samples, or
   *     there are no samples
   */
  public static Schema inferSchema(Iterable<byte[]> examples) {
    Map<String, TfFeature.Kind> kinds = new TreeMap<>();
    Map<String, Boolean> multi = new TreeMap<>();
    int count = 0;
    for (byte[] example : examples) {
      count++;
      for (Map.Entry<String, TfFeature> e : ExampleWire.parse(example).entrySet()) {
        TfFeature.Kind kind = e.getValue().kind;
        TfFeature.Kind previous = kinds.get(e.getKey());
        if (previous == null || previous == TfFeature.Kind.UNSET) {
          kinds.put(e.getKey(), kind);
        } else if (kind != TfFeature.Kind.UNSET && previous != kind) {
          throw new IllegalArgumentException(
              "feature '" + e.getKey() + "' is a " + previous.protoName + " in one example and a "
                  + e.getValue().kind.protoName + " in example " + count);
        }
        multi.merge(e.getKey(), e.getValue().size() > 1, Boolean::logicalOr);
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("cannot infer a schema from zero examples");
    }
    Schema.Builder builder = Schema.builder();
    for (Map.Entry<String, TfFeature.Kind> e : kinds.entrySet()) {
      FieldType scalar = switch (e.getValue()) {
        case INT64 -> FieldType.INT64;
        case FLOAT -> FieldType.DOUBLE;
        // Never had a value in the sample: STRING is the type every value can be read as.
        case BYTES, UNSET -> FieldType.STRING;
      };
      FieldType type = multi.get(e.getKey()) ? FieldType.array(scalar) : scalar;
      builder.addField(Schema.Field.nullable(e.getKey(), type));
    }
    return builder.build();
  }

}
