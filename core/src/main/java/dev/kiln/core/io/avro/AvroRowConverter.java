package dev.kiln.core.io.avro;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Avro records to Beam Rows of one schema, giving the same Rows as
 * {@link AvroUtils#toBeamRowStrict(GenericRecord, Schema)} at a fraction of its cost.
 *
 * <p>{@code toBeamRowStrict} looks every field up by name in the record and in the Avro schema,
 * resolves the field's union and logical type, and then verifies the finished Row, for every
 * record. This converter does that work once per Avro schema: it compiles a plan of one small
 * {@link FieldReader} per field (the field's position in the record, its nullable union already
 * resolved), and then only reads values by position. Fields of the types Kiln's writers produce for
 * plain columns (Avro {@code boolean}, {@code int}, {@code long}, {@code float}, {@code double} and
 * {@code string}, each optionally in a {@code [T, "null"]} union, to Beam BOOLEAN, INT32, INT64,
 * FLOAT, DOUBLE and STRING) take this fast path. Any other field (bytes, logical types, enums,
 * arrays, maps, records, other unions) is converted by {@link AvroUtils#convertAvroFieldStrict}, and
 * a Row with such a field is built through Beam's verifying {@code Row.Builder}, exactly as
 * {@code toBeamRowStrict} does.
 *
 * <p>Records of one Avro file share one schema instance, so the plan is kept for the last schema
 * instance seen and rebuilt only when a record with another instance arrives. Not thread-safe: use
 * one converter per DoFn instance (Beam calls a DoFn instance from one thread at a time).
 */
public final class AvroRowConverter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  /** The Avro schema the plan was compiled for (compared by identity), and the plan. */
  private transient org.apache.avro.Schema planned;
  private transient Plan plan;

  private AvroRowConverter(Schema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  /** A converter to Rows of {@code schema}; the plan for each Avro schema is compiled on first use. */
  public static AvroRowConverter to(Schema schema) {
    return new AvroRowConverter(schema);
  }

  /**
   * A converter to Rows of {@code schema} with the plan for records of {@code avroSchema} compiled
   * now, so that a missing field is reported before any record is read.
   *
   * @throws IllegalArgumentException when a field of {@code schema} is not in {@code avroSchema}
   */
  public static AvroRowConverter of(org.apache.avro.Schema avroSchema, Schema schema) {
    AvroRowConverter converter = new AvroRowConverter(schema);
    converter.planFor(avroSchema);
    return converter;
  }

  public Schema schema() {
    return schema;
  }

  /**
   * The record as a Row of this converter's schema; equal to {@code toBeamRowStrict(record, schema)}.
   *
   * @throws IllegalArgumentException naming the field when a value does not fit its Beam type
   */
  public Row convert(GenericRecord record) {
    return planFor(record.getSchema()).convert(record);
  }

  /** How many fields take the fast path (for tests and diagnostics), for records of {@code avroSchema}. */
  public int fastFields(org.apache.avro.Schema avroSchema) {
    return planFor(avroSchema).fast;
  }

  private Plan planFor(org.apache.avro.Schema avroSchema) {
    if (avroSchema != planned) {
      plan = Plan.compile(avroSchema, schema);
      planned = avroSchema;
    }
    return plan;
  }

  /** The readers of every field, in Beam schema order. */
  private static final class Plan {
    private final Schema schema;
    private final FieldReader[] readers;
    /** True when every field is on the fast path: the Row needs no verification. */
    private final boolean allFast;
    private final int fast;

    private Plan(Schema schema, FieldReader[] readers) {
      this.schema = schema;
      this.readers = readers;
      int n = 0;
      for (FieldReader r : readers) {
        n += r instanceof Fallback ? 0 : 1;
      }
      this.fast = n;
      this.allFast = n == readers.length;
    }

    static Plan compile(org.apache.avro.Schema avro, Schema schema) {
      if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
        throw new IllegalArgumentException("expected an Avro record schema, got " + avro.getType());
      }
      FieldReader[] readers = new FieldReader[schema.getFieldCount()];
      for (int i = 0; i < readers.length; i++) {
        Schema.Field field = schema.getField(i);
        // A column whose name Avro does not take is stored under another name (AvroSchemas).
        org.apache.avro.Schema.Field avroField = AvroSchemas.field(avro, field.getName());
        if (avroField == null) {
          throw new IllegalArgumentException("the Avro record " + avro.getFullName() + " has no field '"
              + field.getName() + "'; its fields are " + names(avro));
        }
        readers[i] = FieldReader.compile(avroField, field);
      }
      return new Plan(schema, readers);
    }

    Row convert(GenericRecord record) {
      Object[] values = new Object[readers.length];
      for (int i = 0; i < readers.length; i++) {
        values[i] = readers[i].read(record);
      }
      List<Object> list = Arrays.asList(values);
      // A fast-path value is already what Row.Builder's verification would keep; others go through
      // it, as in toBeamRowStrict, so that they come out identical.
      return allFast ? Row.withSchema(schema).attachValues(list) : Row.withSchema(schema).addValues(list).build();
    }

    private static List<String> names(org.apache.avro.Schema avro) {
      List<String> names = new ArrayList<>();
      for (org.apache.avro.Schema.Field f : avro.getFields()) {
        names.add(f.name());
      }
      return names;
    }
  }

  /** Reads one field of a record as the Beam value of its field. */
  private interface FieldReader {
    Object read(GenericRecord record);

    static FieldReader compile(org.apache.avro.Schema.Field avroField, Schema.Field field) {
      org.apache.avro.Schema type = avroField.schema();
      boolean nullable = false;
      if (type.getType() == org.apache.avro.Schema.Type.UNION) {
        List<org.apache.avro.Schema> branches = type.getTypes();
        int nulls = 0;
        org.apache.avro.Schema other = null;
        for (org.apache.avro.Schema b : branches) {
          if (b.getType() == org.apache.avro.Schema.Type.NULL) {
            nulls++;
          } else {
            other = b;
          }
        }
        if (branches.size() != 2 || nulls != 1) {
          return new Fallback(avroField, field);
        }
        nullable = true;
        type = other;
      }
      Schema.FieldType beam = field.getType();
      if (type.getLogicalType() != null || beam.getTypeName().isLogicalType()) {
        return new Fallback(avroField, field);
      }
      Class<?> expected = switch (type.getType()) {
        case BOOLEAN -> beam.getTypeName() == Schema.TypeName.BOOLEAN ? Boolean.class : null;
        case INT -> beam.getTypeName() == Schema.TypeName.INT32 ? Integer.class : null;
        case LONG -> beam.getTypeName() == Schema.TypeName.INT64 ? Long.class : null;
        case FLOAT -> beam.getTypeName() == Schema.TypeName.FLOAT ? Float.class : null;
        case DOUBLE -> beam.getTypeName() == Schema.TypeName.DOUBLE ? Double.class : null;
        case STRING -> beam.getTypeName() == Schema.TypeName.STRING ? CharSequence.class : null;
        default -> null;
      };
      if (expected == null) {
        return new Fallback(avroField, field);
      }
      int pos = avroField.pos();
      String name = field.getName();
      boolean allowNull = nullable && beam.getNullable();
      return expected == CharSequence.class
          ? new Text(pos, name, allowNull)
          : new Primitive(pos, name, allowNull, expected);
    }
  }

  /** A value that is stored in the Row as it is (Avro's boxed Boolean, Integer, Long, Float, Double). */
  private record Primitive(int pos, String name, boolean nullable, Class<?> type) implements FieldReader {
    @Override
    public Object read(GenericRecord record) {
      Object v = record.get(pos);
      if (v == null) {
        return missing(name, nullable);
      }
      if (v.getClass() != type) {
        throw wrongType(name, v, type);
      }
      return v;
    }
  }

  /** An Avro string ({@code Utf8} or {@code String}) as a Java String. */
  private record Text(int pos, String name, boolean nullable) implements FieldReader {
    @Override
    public Object read(GenericRecord record) {
      Object v = record.get(pos);
      if (v == null) {
        return missing(name, nullable);
      }
      if (!(v instanceof CharSequence s)) {
        throw wrongType(name, v, CharSequence.class);
      }
      return s.toString();
    }
  }

  /** Any other field: Beam's own strict conversion, by position. */
  private static final class Fallback implements FieldReader {
    private final int pos;
    private final org.apache.avro.Schema avroType;
    private final Schema.FieldType type;

    Fallback(org.apache.avro.Schema.Field avroField, Schema.Field field) {
      this.pos = avroField.pos();
      this.avroType = avroField.schema();
      this.type = field.getType();
    }

    @Override
    public Object read(GenericRecord record) {
      return AvroUtils.convertAvroFieldStrict(record.get(pos), avroType, type);
    }
  }

  private static Object missing(String name, boolean nullable) {
    if (!nullable) {
      throw new IllegalArgumentException("field '" + name + "' is not nullable, but the Avro record has no value for it");
    }
    return null;
  }

  private static IllegalArgumentException wrongType(String name, Object v, Class<?> type) {
    return new IllegalArgumentException("field '" + name + "': expected an Avro value of class "
        + type.getSimpleName() + ", got " + v.getClass().getName());
  }
}
