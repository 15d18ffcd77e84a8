package dev.kiln.core.io.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SharedData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroFilesTest {
  /** A writer schema as Python's avro writes it: names with spaces, nullable unions with null last. */
  private static final String LOOSE_SCHEMA =
      "{\"type\": \"record\", \"name\": \"Some trips\", \"fields\": ["
          + "{\"name\": \"id\", \"type\": \"long\"},"
          + "{\"name\": \"fare\", \"type\": [\"double\", \"null\"]},"
          + "{\"name\": \"pickup\", \"type\": [{\"type\": \"record\", \"name\": \"a place\", \"fields\": ["
          + "  {\"name\": \"area\", \"type\": [\"int\", \"null\"]}]}, \"null\"]},"
          + "{\"name\": \"kind\", \"type\": {\"type\": \"enum\", \"name\": \"trip kind\", \"symbols\": [\"A\", \"B\"]}}"
          + "]}";

  @TempDir Path dir;

  private final Pipeline pipeline = pipeline();

  @Test
  void takesTheTaxiSchemaFromThePythonWrittenFile() {
    Schema schema = AvroFiles.schemaOf(SharedData.file("taxi/avro/data.avro").toString());

    assertEquals(18, schema.getFieldCount());
    assertEquals(FieldType.FLOAT.withNullable(true), schema.getField("fare").getType());
    assertEquals(FieldType.INT32.withNullable(true), schema.getField("trip_start_hour").getType());
    assertEquals(FieldType.STRING.withNullable(true), schema.getField("company").getType());
    assertTrue(schema.getFields().stream().allMatch(f -> f.getType().getNullable()), "every [type, null] union is nullable");
  }

  @Test
  void readsAllTaxiRows() {
    PCollection<Row> rows = pipeline.apply(AvroFiles.read(SharedData.file("taxi/avro/data.avro").toString()));

    PAssert.thatSingleton(rows.apply(Count.globally())).isEqualTo(10_000L);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void readsNestedRecordsAndEnumsWhoseNamesAreNotValidAvroNames() throws IOException {
    org.apache.avro.Schema loose = new org.apache.avro.Schema.Parser().setValidate(false).parse(LOOSE_SCHEMA);
    GenericRecord place = new GenericData.Record(loose.getField("pickup").schema().getTypes().get(0));
    place.put("area", 8);
    GenericRecord trip = new GenericData.Record(loose);
    trip.put("id", 1L);
    trip.put("fare", null);
    trip.put("pickup", place);
    trip.put("kind", new GenericData.EnumSymbol(loose.getField("kind").schema(), "B"));
    Path file = writeAvro("loose.avro", loose, trip);

    PCollection<Row> rows = pipeline.apply(AvroFiles.read(file.toString()));

    Schema schema = rows.getSchema();
    assertEquals(List.of("id", "fare", "pickup", "kind"), schema.getFieldNames());
    assertEquals(FieldType.INT64, schema.getField("id").getType());
    assertEquals(FieldType.INT32.withNullable(true),
        schema.getField("pickup").getType().getRowSchema().getField("area").getType());
    PAssert.that(rows).satisfies(all -> {
      Row row = all.iterator().next();
      assertEquals(1L, row.getInt64("id"));
      assertEquals(null, row.getDouble("fare"));
      assertEquals(8, row.getRow("pickup").getInt32("area"));
      EnumerationType kinds = row.getSchema().getField("kind").getType().getLogicalType(EnumerationType.class);
      assertEquals("B", kinds.toString(row.getLogicalTypeValue("kind", EnumerationType.Value.class)));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void sanitizedSchemaParsesWithStrictNameValidation() {
    org.apache.avro.Schema loose = new org.apache.avro.Schema.Parser().setValidate(false).parse(LOOSE_SCHEMA);

    org.apache.avro.Schema valid = AvroNames.sanitize(loose);
    org.apache.avro.Schema reparsed = new org.apache.avro.Schema.Parser().parse(valid.toString());

    assertEquals("Some_trips", reparsed.getName());
    assertEquals("a_place", reparsed.getField("pickup").schema().getTypes().get(0).getName());
    assertEquals("trip_kind", reparsed.getField("kind").schema().getName());
    assertEquals(List.of("A", "B"), reparsed.getField("kind").schema().getEnumSymbols());
  }

  @Test
  void failsWhenFilesOfOnePatternHaveDifferentSchemas() throws IOException {
    org.apache.avro.Schema longs = recordOf("long");
    org.apache.avro.Schema doubles = recordOf("double");
    Path a = writeAvro("part-a.avro", longs, record(longs, 1L));
    Path b = writeAvro("part-b.avro", doubles, record(doubles, 1.5));
    String pattern = dir.resolve("part-*.avro").toString();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AvroFiles.schemaOf(pattern));

    assertEquals("the Avro files matching '" + pattern + "' have different schemas: field 'x' is INT64 in " + a
        + " but DOUBLE in " + b + "; read them as separate sources or rewrite them with one schema", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pipeline.apply(AvroFiles.read(pattern)));
  }

  @Test
  void readsEveryFileOfAPattern() throws IOException {
    org.apache.avro.Schema longs = recordOf("long");
    writeAvro("part-a.avro", longs, record(longs, 1L), record(longs, 2L));
    writeAvro("part-b.avro", longs, record(longs, 3L));

    PCollection<Row> rows = pipeline.apply(AvroFiles.read(dir.resolve("part-*.avro").toString()));

    Schema schema = Schema.builder().addInt64Field("x").build();
    PAssert.that(rows).containsInAnyOrder(
        Row.withSchema(schema).addValue(1L).build(),
        Row.withSchema(schema).addValue(2L).build(),
        Row.withSchema(schema).addValue(3L).build());
    pipeline.run().waitUntilFinish();
  }

  @Test
  void failsBeforeAnyJobWhenNoFileMatches() {
    String pattern = dir.resolve("none-*.avro").toString();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pipeline.apply(AvroFiles.read(pattern)));

    assertEquals("no Avro file matches '" + pattern + "'", e.getMessage());
  }

  @Test
  void failsOnAFileThatIsNotAvro() throws IOException {
    Path text = Files.writeString(dir.resolve("data.avro"), "a,b\n1,2\n");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AvroFiles.schemaOf(text.toString()));

    assertTrue(e.getMessage().startsWith(text + " is not a readable Avro data file: "), e.getMessage());
  }

  private static org.apache.avro.Schema recordOf(String type) {
    return new org.apache.avro.Schema.Parser().parse(
        "{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"x\", \"type\": \"" + type + "\"}]}");
  }

  private static GenericRecord record(org.apache.avro.Schema schema, Object x) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("x", x);
    return r;
  }

  private Path writeAvro(String name, org.apache.avro.Schema schema, GenericRecord... records) throws IOException {
    File file = dir.resolve(name).toFile();
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      writer.create(schema, file);
      for (GenericRecord r : records) {
        writer.append(r);
      }
    }
    return file.toPath();
  }

  static Pipeline pipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    return Pipeline.create(options);
  }
}
