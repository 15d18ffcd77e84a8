package dev.kiln.core.io.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.RowSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {
  private static final Schema UNUSUAL = Schema.builder()
      .addNullableField("trip miles", FieldType.DOUBLE)
      .addNullableField("Größe", FieldType.STRING)
      .addInt64Field("trip_miles")
      .addNullableField("a.b", FieldType.INT64)
      .addNullableField("a-b", FieldType.BOOLEAN)
      .addNullableField("2nd", FieldType.INT64)
      .build();

  @Test
  void invalidNamesGetValidDeterministicCollisionFreeAvroNames() {
    assertEquals(List.of("trip_miles_2", "Gr__e", "trip_miles", "a_b", "a_b_2", "_2nd"), AvroSchemas.avroNames(UNUSUAL));
    assertEquals(AvroSchemas.avroNames(UNUSUAL), AvroSchemas.avroNames(UNUSUAL));
  }

  @Test
  void theAvroSchemaParsesStrictlyRecordsTheNamesAndComesBackAsWritten() {
    org.apache.avro.Schema avro = AvroSchemas.toAvro(UNUSUAL, "data_examples", "dev.kiln.dataset");
    // A strict parser (the one avro-tools uses) accepts the schema again.
    org.apache.avro.Schema reparsed = new org.apache.avro.Schema.Parser().parse(avro.toString());
    assertEquals("trip miles", reparsed.getField("trip_miles_2").getProp(AvroSchemas.NAME_PROPERTY));
    assertEquals("Größe", reparsed.getField("Gr__e").getProp(AvroSchemas.NAME_PROPERTY));
    assertNull(reparsed.getField("trip_miles").getProp(AvroSchemas.NAME_PROPERTY), "a valid name is kept as it is");

    Schema back = AvroSchemas.toBeam(reparsed);
    assertTrue(RowSchemas.sameColumns(UNUSUAL, back), back.toString());
    assertEquals("trip_miles", AvroSchemas.field(reparsed, "trip_miles").name());
    assertEquals("trip_miles_2", AvroSchemas.field(reparsed, "trip miles").name());
    assertNull(AvroSchemas.field(reparsed, "trip_miles_2"), "an Avro-only name is not a column");
  }

  @Test
  void validNamesGiveTheSameSchemaAsBeam() {
    Schema plain = Schema.builder().addInt64Field("id").addNullableField("fare", FieldType.DOUBLE).build();
    assertEquals(
        org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils.toAvroSchema(plain, "r", "ns"),
        AvroSchemas.toAvro(plain, "r", "ns"));
    assertSame(plain, AvroSchemas.withAvroNames(plain));
  }

  @Test
  void rowsWithUnusualNamesGoThroughAnAvroFileAndBack() throws IOException {
    org.apache.avro.Schema avro = AvroSchemas.toAvro(UNUSUAL, "data_examples", "dev.kiln.dataset");
    List<Row> rows = List.of(
        Row.withSchema(UNUSUAL).addValues(1.5, "groß", 7L, null, true, 2L).build(),
        Row.withSchema(UNUSUAL).addValues(null, null, 8L, 3L, null, null).build());
    AvroRowEncoder encoder = AvroRowEncoder.of(avro.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(avro))) {
      w.create(avro, bytes);
      for (Row r : rows) {
        w.append(encoder.encode(r));
      }
    }
    List<Row> read = new ArrayList<>();
    try (DataFileReader<GenericRecord> r =
        new DataFileReader<>(new SeekableByteArrayInput(bytes.toByteArray()), new GenericDatumReader<>())) {
      Schema schema = AvroSchemas.toBeam(r.getSchema());
      AvroRowConverter converter = AvroRowConverter.of(r.getSchema(), schema);
      for (GenericRecord record : r) {
        assertEquals(7L + read.size(), record.get("trip_miles"), "a plain reader sees the valid names");
        read.add(converter.convert(record));
      }
    }
    assertEquals(rows, read);
    assertEquals(UNUSUAL.getFieldNames(), read.get(0).getSchema().getFieldNames());
  }
}
