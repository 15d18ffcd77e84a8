package dev.kiln.core.io.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SharedData;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.io.ByteArrayOutputStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class AvroRowConverterTest {
  /** Every plain type Kiln's writers produce, required and nullable. */
  private static final Schema PLAIN = Schema.builder()
      .addBooleanField("b").addInt32Field("i").addInt64Field("l").addFloatField("f").addDoubleField("d")
      .addStringField("s")
      .addNullableField("nb", FieldType.BOOLEAN).addNullableField("ni", FieldType.INT32)
      .addNullableField("nl", FieldType.INT64).addNullableField("nf", FieldType.FLOAT)
      .addNullableField("nd", FieldType.DOUBLE).addNullableField("ns", FieldType.STRING)
      .build();

  @Test
  void givesTheSameRowsAsBeamOnEveryTaxiRecord() throws IOException {
    File file = SharedData.file("taxi/avro/data.avro").toFile();
    Schema schema = AvroFiles.schemaOf(file.toString());
    AvroRowConverter converter = AvroRowConverter.to(schema);
    int records = 0;
    int withNulls = 0;
    try (DataFileReader<GenericRecord> in = new DataFileReader<>(file, new GenericDatumReader<>())) {
      for (GenericRecord record : in) {
        Row expected = AvroUtils.toBeamRowStrict(record, schema);
        assertEquals(expected, converter.convert(record), "record " + records);
        records++;
        withNulls += expected.getValues().contains(null) ? 1 : 0;
      }
      assertEquals(schema.getFieldCount(), converter.fastFields(in.getSchema()), "every taxi field is on the fast path");
    }
    assertEquals(10_000, records);
    assertTrue(withNulls > 0, "the taxi data has missing values, so nulls are compared too");
  }

  @Test
  void givesTheSameRowsAsBeamForEveryPlainTypeWithAndWithoutValues() {
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(PLAIN);
    GenericRecord full = new GenericData.Record(avro);
    Object[] values = {true, 7, 8L, 1.5f, 2.5d, new Utf8("é x"), false, -1, Long.MIN_VALUE, Float.NaN, -0.0d, "plain String"};
    for (int i = 0; i < values.length; i++) {
      full.put(i, values[i]);
    }
    GenericRecord nulls = new GenericData.Record(avro);
    for (int i = 0; i < 6; i++) {
      nulls.put(i, values[i]);
    }
    AvroRowConverter converter = AvroRowConverter.of(avro, PLAIN);

    for (GenericRecord record : List.of(full, nulls)) {
      Row row = converter.convert(record);
      assertEquals(AvroUtils.toBeamRowStrict(record, PLAIN), row);
      assertEquals(String.class, row.getValue("s").getClass(), "Utf8 becomes a String");
    }
    assertEquals(PLAIN.getFieldCount(), converter.fastFields(avro));
  }

  @Test
  void fallsBackToBeamForOtherTypes() {
    Schema nested = Schema.builder().addInt64Field("x").build();
    Schema schema = Schema.builder()
        .addInt64Field("id")
        .addByteArrayField("bytes")
        .addDateTimeField("at")
        .addDecimalField("price")
        .addArrayField("tags", FieldType.STRING)
        .addMapField("counts", FieldType.STRING, FieldType.INT64)
        .addRowField("inner", nested)
        .addNullableField("maybeAt", FieldType.DATETIME)
        .build();
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(schema);
    Row source = Row.withSchema(schema).addValues(
        5L, new byte[] {1, 2, 3}, Instant.ofEpochMilli(1_700_000_000_123L), new BigDecimal("1234"), List.of("a", "b"), Map.of("k", 3L), Row.withSchema(nested).addValue(9L).build(), null)
        .build();
    // through a file, as Kiln's writers and readers do
    GenericRecord record = roundTrip(AvroUtils.toGenericRecord(source, avro));
    AvroRowConverter converter = AvroRowConverter.of(avro, schema);

    Row row = converter.convert(record);

    assertEquals(AvroUtils.toBeamRowStrict(record, schema), row);
    assertEquals(1, converter.fastFields(avro), "only the long takes the fast path");
  }

  @Test
  void followsTheFieldNamesWhenTheAvroOrderDiffers() {
    org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"s\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"extra\",\"type\":\"int\"},{\"name\":\"l\",\"type\":\"long\"}]}");
    Schema schema = Schema.builder().addInt64Field("l").addNullableField("s", FieldType.STRING).build();
    GenericRecord record = new GenericData.Record(avro);
    record.put("s", new Utf8("v"));
    record.put("extra", 1);
    record.put("l", 4L);

    assertEquals(AvroUtils.toBeamRowStrict(record, schema), AvroRowConverter.to(schema).convert(record));
  }

  @Test
  void recompilesForRecordsOfAnotherSchemaInstance() {
    AvroRowConverter converter = AvroRowConverter.to(PLAIN);
    List<Row> rows = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      // two equal but distinct schema instances, as two files give
      org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(AvroUtils.toAvroSchema(PLAIN).toString());
      GenericRecord r = new GenericData.Record(avro);
      Object[] values = {n == 0, n, (long) n, 1f, 2d, "x" + n, null, null, null, null, null, null};
      for (int i = 0; i < values.length; i++) {
        r.put(i, values[i]);
      }
      rows.add(converter.convert(r));
      assertEquals(AvroUtils.toBeamRowStrict(r, PLAIN), rows.get(n));
    }
  }

  @Test
  void namesTheFieldWhenARequiredValueIsMissingOrOfTheWrongClass() {
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(PLAIN);
    GenericRecord record = new GenericData.Record(avro);
    record.put("b", true);
    record.put("i", 1);
    record.put("l", 1L);
    record.put("f", 1f);
    record.put("d", 1d);
    AvroRowConverter converter = AvroRowConverter.of(avro, PLAIN);

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> converter.convert(record));
    assertTrue(missing.getMessage().contains("'s'"), missing.getMessage());

    record.put("s", "x");
    record.put("l", 1); // an Integer where a long belongs
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> converter.convert(record));
    assertTrue(wrong.getMessage().contains("'l'") && wrong.getMessage().contains("Integer"), wrong.getMessage());
  }

  @Test
  void reportsABeamFieldTheAvroRecordLacks() {
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(Schema.builder().addInt64Field("l").build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AvroRowConverter.of(avro, PLAIN));
    assertTrue(e.getMessage().contains("no field 'b'"), e.getMessage());
  }

  /** The record written to an Avro data file and read back with Avro's generic reader. */
  private static GenericRecord roundTrip(GenericRecord record) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<>(record.getSchema()))) {
        out.create(record.getSchema(), bytes);
        out.append(record);
      }
      try (DataFileStream<GenericRecord> in = new DataFileStream<>(
          new java.io.ByteArrayInputStream(bytes.toByteArray()), new GenericDatumReader<>())) {
        return in.next();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
