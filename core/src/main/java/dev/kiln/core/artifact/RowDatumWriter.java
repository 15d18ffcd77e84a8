package dev.kiln.core.artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import dev.kiln.core.io.avro.AvroSchemas;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Writes a Beam {@link Row} as the Avro record of a schema known up front, field by field, without
 * building a {@code GenericRecord} first. Profiling the csv step (docs/benchmarks.md) showed a
 * third of the Avro cost in {@code AvroUtils.toGenericRecord} (a new record, a field lookup by name
 * per value) and in the reflect writer that Beam's {@code AvroIO.sink} picks by default (resolving
 * every union value by its class name). Here each field's writer is chosen once, from the Beam
 * type and the position of {@code null} in its Avro union, and writes exactly the bytes Avro's
 * generic writer writes for the record AvroUtils would build (tested).
 *
 * <p>Rows with a field of another type (arrays, maps, nested rows, logical types other than
 * DATETIME) are converted with AvroUtils and written by the generic writer.
 */
final class RowDatumWriter implements DatumWriter<Row> {
  private final Schema schema;
  private org.apache.avro.Schema avroSchema;
  private Schema avroNamed;
  private FieldWriter[] fields;
  private GenericDatumWriter<GenericRecord> fallback;

  RowDatumWriter(Schema schema, org.apache.avro.Schema avroSchema) {
    this.schema = schema;
    setSchema(avroSchema);
  }

  @Override
  public void setSchema(org.apache.avro.Schema avroSchema) {
    this.avroSchema = avroSchema;
    this.fields = writers(schema, avroSchema);
    this.fallback = fields == null ? new GenericDatumWriter<>(avroSchema) : null;
    this.avroNamed = AvroSchemas.withAvroNames(schema);
  }

  @Override
  public void write(Row row, Encoder out) throws IOException {
    if (fields == null) {
      // by the Avro names of the columns: a column named `trip miles` is stored as `trip_miles`
      fallback.write(AvroUtils.toGenericRecord(Row.withSchema(avroNamed).attachValues(row.getValues()), avroSchema), out);
      return;
    }
    List<Object> values = row.getValues();
    for (int i = 0; i < fields.length; i++) {
      fields[i].write(values.get(i), out);
    }
  }

  /** How one field is written; null for the whole schema when a field needs the generic path. */
  private static FieldWriter[] writers(Schema schema, org.apache.avro.Schema avroSchema) {
    List<org.apache.avro.Schema.Field> avroFields = avroSchema.getFields();
    if (avroFields.size() != schema.getFieldCount()) {
      return null;
    }
    FieldWriter[] writers = new FieldWriter[avroFields.size()];
    for (int i = 0; i < writers.length; i++) {
      org.apache.avro.Schema fieldSchema = avroFields.get(i).schema();
      int nullIndex = -1;
      int valueIndex = -1;
      if (fieldSchema.getType() == org.apache.avro.Schema.Type.UNION) {
        List<org.apache.avro.Schema> branches = fieldSchema.getTypes();
        if (branches.size() != 2) {
          return null;
        }
        nullIndex = branches.get(0).getType() == org.apache.avro.Schema.Type.NULL ? 0 : 1;
        valueIndex = 1 - nullIndex;
        fieldSchema = branches.get(valueIndex);
      }
      ValueWriter value = valueWriter(schema.getField(i).getType(), fieldSchema);
      if (value == null) {
        return null;
      }
      writers[i] = new FieldWriter(nullIndex, valueIndex, value);
    }
    return writers;
  }

  private static ValueWriter valueWriter(Schema.FieldType type, org.apache.avro.Schema avro) {
    org.apache.avro.Schema.Type t = avro.getType();
    switch (type.getTypeName()) {
      case INT64:
        return t == org.apache.avro.Schema.Type.LONG ? (v, out) -> out.writeLong((Long) v) : null;
      case INT32:
        return t == org.apache.avro.Schema.Type.INT ? (v, out) -> out.writeInt((Integer) v) : null;
      case DOUBLE:
        return t == org.apache.avro.Schema.Type.DOUBLE ? (v, out) -> out.writeDouble((Double) v) : null;
      case FLOAT:
        return t == org.apache.avro.Schema.Type.FLOAT ? (v, out) -> out.writeFloat((Float) v) : null;
      case BOOLEAN:
        return t == org.apache.avro.Schema.Type.BOOLEAN ? (v, out) -> out.writeBoolean((Boolean) v) : null;
      case STRING:
        return t == org.apache.avro.Schema.Type.STRING ? (v, out) -> out.writeString((String) v) : null;
      case BYTES:
        return t == org.apache.avro.Schema.Type.BYTES ? (v, out) -> out.writeBytes(ByteBuffer.wrap((byte[]) v)) : null;
      case DATETIME:
        return t == org.apache.avro.Schema.Type.LONG && avro.getLogicalType() != null
            && "timestamp-millis".equals(avro.getLogicalType().getName())
            ? (v, out) -> out.writeLong(((ReadableInstant) v).getMillis())
            : null;
      default:
        return null;
    }
  }

  @FunctionalInterface
  private interface ValueWriter {
    void write(Object value, Encoder out) throws IOException;
  }

  /** A field: its union branch (when nullable), then its value. */
  private static final class FieldWriter {
    private final int nullIndex;
    private final int valueIndex;
    private final ValueWriter value;

    FieldWriter(int nullIndex, int valueIndex, ValueWriter value) {
      this.nullIndex = nullIndex;
      this.valueIndex = valueIndex;
      this.value = value;
    }

    void write(Object v, Encoder out) throws IOException {
      if (nullIndex >= 0) {
        if (v == null) {
          out.writeIndex(nullIndex);
          return;
        }
        out.writeIndex(valueIndex);
      }
      value.write(v, out);
    }
  }
}
