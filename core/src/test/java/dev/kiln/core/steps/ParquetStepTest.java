package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parquet source, on files written by parquet-avro itself. */
class ParquetStepTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: flights
      steps:
        data:  { uses: parquet, with: { path: "flights-*.parquet" } }
        split: { uses: split, in: { examples: data }, with: { key: origin, ratios: { train: 0.5, eval: 0.5 } } }
      """;
  private static final org.apache.avro.Schema AVRO = SchemaBuilder.record("flight").fields()
      .requiredLong("delay").optionalDouble("distance").optionalString("origin").requiredBoolean("late").endRecord();

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() throws IOException {
    project = new TestProject(dir);
    write("flights-1.parquet", 0, 60);
    write("flights-2.parquet", 60, 100);
  }

  @AfterEach
  void close() {
    project.close();
  }

  /** Flights {@code from..to}; every tenth has no origin. */
  private void write(String name, int from, int to) throws IOException {
    try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(dir.resolve(name)))
        .withSchema(AVRO).withDataModel(GenericData.get()).withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
      for (int i = from; i < to; i++) {
        GenericRecord r = new GenericData.Record(AVRO);
        r.put("delay", (long) i - 5);
        r.put("distance", i * 10.5);
        r.put("origin", i % 10 == 0 ? null : "A" + i % 7);
        r.put("late", i % 3 == 0);
        w.write(r);
      }
    }
  }

  @Test
  void readsEveryFileWithItsColumnsAndIsCachedUntilAFileChanges() throws IOException {
    RunOutcome first = project.run(PIPELINE);
    assertTrue(first.succeeded(), first.error());
    Manifest m = SourceTestSupport.manifest(project, first, "data", "examples");
    Schema expected = Schema.builder()
        .addNullableField("delay", FieldType.INT64)
        .addNullableField("distance", FieldType.DOUBLE)
        .addNullableField("origin", FieldType.STRING)
        .addNullableField("late", FieldType.BOOLEAN)
        .build();
    assertEquals(expected, m.beamSchema());
    assertEquals(100, m.records());
    List<Row> rows = SourceTestSupport.rows(m);
    assertTrue(rows.contains(Row.withSchema(expected).addValues(16L, 220.5, "A0", true).build()), rows.get(0).toString());
    assertTrue(rows.contains(Row.withSchema(expected).addValues(65L, 735.0, null, false).build()));

    assertEquals(Decision.CACHED, project.plan(PIPELINE).steps().get("data").decision());
    java.nio.file.Files.delete(dir.resolve("flights-2.parquet"));
    write("flights-2.parquet", 60, 101);
    assertEquals(Decision.RUN, project.plan(PIPELINE).steps().get("data").decision(), "a changed file reruns the source");
  }

  @Test
  void aRecordWithoutARequiredValueIsRejectedWithItsFileAndRecordNumber() throws IOException {
    RunOutcome strict = project.run(PIPELINE.replace("path: \"flights-*.parquet\"", "path: \"flights-*.parquet\", required: [origin]"));
    assertFalse(strict.succeeded());
    assertTrue(strict.badInput());
    assertTrue(strict.error().contains("10 of 100 rows") && strict.error().contains("flights-1.parquet record 1: column 'origin' is required"),
        strict.error());

    RunOutcome allowed = project.run(PIPELINE.replace("path: \"flights-*.parquet\"",
        "path: \"flights-*.parquet\", required: [origin], maxRejectedShare: 0.1"));
    assertTrue(allowed.succeeded(), allowed.error());
    Manifest m = SourceTestSupport.manifest(project, allowed, "data", "examples");
    assertEquals(90, m.records());
    assertFalse(m.beamSchema().getField("origin").getType().getNullable(), "a required column is not nullable");
    assertEquals(10, SourceTestSupport.manifest(project, allowed, "data", "rejected").records());
  }

  @Test
  void aFileThatIsNotParquetIsAUserError() throws IOException {
    java.nio.file.Files.writeString(dir.resolve("flights-3.parquet"), "delay,distance\n1,2\n");
    RunOutcome out = project.run(PIPELINE);
    assertFalse(out.succeeded());
    assertTrue(out.badInput(), out.error());
    assertTrue(out.error().contains("flights-3.parquet is not a readable Parquet file"), out.error());
  }
}
