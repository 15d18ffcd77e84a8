package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The direct Row writer writes the bytes Avro's generic writer writes for AvroUtils' record. */
class RowDatumWriterTest {
  private static final Schema FLAT = Schema.builder()
      .addInt64Field("id")
      .addNullableField("fare", Schema.FieldType.DOUBLE)
      .addNullableField("name", Schema.FieldType.STRING)
      .addNullableField("paid", Schema.FieldType.BOOLEAN)
      .addNullableField("n", Schema.FieldType.INT32)
      .addNullableField("f", Schema.FieldType.FLOAT)
      .addNullableField("raw", Schema.FieldType.BYTES)
      .addNullableField("at", Schema.FieldType.DATETIME)
      .addStringField("required_name")
      .build();

  @Test
  void writesTheBytesOfTheGenericWriterForEveryFlatType() throws IOException {
    List<Row> rows = List.of(
        Row.withSchema(FLAT).addValues(1L, 2.5, "Größe \"x\"", true, 7, 1.5f, new byte[] {1, 2}, new Instant(980948707000L), "a").build(),
        Row.withSchema(FLAT).addValues(-2L, null, null, null, null, null, null, null, "").build(),
        Row.withSchema(FLAT).addValues(Long.MIN_VALUE, Double.NaN, "", false, -1, Float.NEGATIVE_INFINITY, new byte[0], new Instant(-1L), "z").build());
    assertSameBytes(FLAT, rows);
  }

  @Test
  void writesNestedTypesThroughTheGenericWriter() throws IOException {
    Schema nested = Schema.builder()
        .addInt64Field("id")
        .addArrayField("values", Schema.FieldType.DOUBLE)
        .build();
    assertSameBytes(nested, List.of(Row.withSchema(nested).addValues(3L, List.of(1.0, 2.0)).build()));
  }

  private static void assertSameBytes(Schema schema, List<Row> rows) throws IOException {
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(schema, "t", "dev.kiln.dataset");
    byte[] direct = encode(new RowDatumWriter(schema, avro), rows);
    GenericDatumWriter<GenericRecord> generic = new GenericDatumWriter<>(avro);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    for (Row row : rows) {
      generic.write(AvroUtils.toGenericRecord(row, avro), out);
    }
    out.flush();
    assertTrue(direct.length > 0);
    assertArrayEquals(bytes.toByteArray(), direct);
  }

  private static byte[] encode(DatumWriter<Row> writer, List<Row> rows) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    for (Row row : rows) {
      writer.write(row, out);
    }
    out.flush();
    return bytes.toByteArray();
  }
}
