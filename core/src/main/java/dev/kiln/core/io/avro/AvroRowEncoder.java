package dev.kiln.core.io.avro;

import java.io.Serializable;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Beam Rows to Avro records of a schema made by {@link AvroSchemas#toAvro}: Beam's
 * {@link AvroUtils#toGenericRecord} looks every field up by its Beam name, so a Row whose columns have
 * names Avro does not accept is first seen under their Avro names (same values, no copy of them).
 * Not thread-safe: one encoder per DoFn instance.
 *
 * <p>Example of use: {@code GenericRecord r = AvroRowEncoder.of(avroSchemaJson).encode(row);}
 */
public final class AvroRowEncoder implements Serializable {
  private static final long serialVersionUID = 1L;

  // Kept as JSON: Avro schemas are not serializable; the parsed schema is rebuilt on first use.
  private final String avroSchemaJson;
  private transient org.apache.avro.Schema avro;
  /** The last row schema seen (by identity) and its form with Avro names (null: the same). */
  private transient Schema seen;
  private transient Schema avroNamed;

  private AvroRowEncoder(String avroSchemaJson) {
    this.avroSchemaJson = avroSchemaJson;
  }

  /** An encoder to records of the Avro schema {@code avroSchemaJson}. */
  public static AvroRowEncoder of(String avroSchemaJson) {
    return new AvroRowEncoder(avroSchemaJson);
  }

  public GenericRecord encode(Row row) {
    if (avro == null) {
      avro = new org.apache.avro.Schema.Parser().parse(avroSchemaJson);
    }
    Schema schema = row.getSchema();
    if (schema != seen) {
      Schema named = AvroSchemas.withAvroNames(schema);
      avroNamed = named == schema ? null : named;
      seen = schema;
    }
    Row r = avroNamed == null ? row : Row.withSchema(avroNamed).attachValues(row.getValues());
    return AvroUtils.toGenericRecord(r, avro);
  }
}
