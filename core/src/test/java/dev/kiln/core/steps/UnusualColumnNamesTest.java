package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns named as people name them ({@code trip miles}, {@code Größe}, {@code a.b}) go through csv,
 * split, a user transform and both dataset formats with their names as written, and the Avro files
 * stay readable by any Avro reader.
 */
class UnusualColumnNamesTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: names
      steps:
        data:  { uses: csv, with: { path: trips.csv } }
        split: { uses: split, in: { examples: data }, with: { key: "trip miles", ratios: { train: 0.5, eval: 0.5 } }, format: tfrecord }
        plus:  { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.train } }
      """;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() throws IOException {
    project = new TestProject(dir);
    StringBuilder csv = new StringBuilder("id,trip miles,Größe,trip_miles,a.b\n");
    for (int i = 0; i < 40; i++) {
      csv.append(i).append(',').append(i * 0.5).append(",groß-").append(i % 3).append(',').append(i * 2).append(',')
          .append(i % 2 == 0).append('\n');
    }
    Files.writeString(dir.resolve("trips.csv"), csv);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void namesAsWrittenGoThroughEveryStepAndBothFormats() throws IOException {
    RunOutcome first = project.run(PIPELINE);
    assertTrue(first.succeeded(), first.error());
    List<String> columns = List.of("id", "trip miles", "Größe", "trip_miles", "a.b");
    assertEquals(columns, manifest(first, "data").beamSchema().getFieldNames());
    assertEquals(columns, manifest(first, "split").beamSchema().getFieldNames());
    List<String> plus = new ArrayList<>(columns);
    plus.add("plus_one");
    assertEquals(plus, manifest(first, "plus").beamSchema().getFieldNames());

    // Any Avro reader reads the file, under valid names.
    Path file = firstFile(manifest(first, "data"), ".avro");
    try (DataFileReader<GenericRecord> r = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
      GenericRecord rec = r.next();
      assertEquals(List.of("id", "trip_miles_2", "Gr__e", "trip_miles", "a_b"),
          rec.getSchema().getFields().stream().map(f -> f.name()).toList());
      assertEquals("trip miles", rec.getSchema().getField("trip_miles_2").getProp("kiln.name"));
    }

    // Later stages read the stored Avro and TFRecord datasets back under the original names.
    RunOutcome second = project.run(PIPELINE
        + "  again: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: data } }\n"
        + "  evals: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.eval } }\n");
    assertTrue(second.succeeded(), second.error());
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "plus", "CACHED", "again", "COMPLETE", "evals", "COMPLETE"),
        second.steps());
    assertEquals(plus, manifest(second, "again").beamSchema().getFieldNames());
    assertEquals(plus, manifest(second, "evals").beamSchema().getFieldNames());
    assertEquals(40, manifest(second, "again").records());
  }

  private Manifest manifest(RunOutcome run, String step) {
    Execution e = project.store.execution(run.executions().get(step)).orElseThrow();
    String uri = e.stringProperty(MetadataKeys.PLANNED_OUTPUTS).replaceAll(".*\"examples\":\"([^\"]+)\".*", "$1");
    return project.artifacts.readManifest(uri).orElseThrow();
  }

  private static Path firstFile(Manifest m, String extension) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(m.location().replace("file://", "")))) {
      return files.filter(p -> p.toString().endsWith(extension)).findFirst().orElseThrow();
    }
  }
}
