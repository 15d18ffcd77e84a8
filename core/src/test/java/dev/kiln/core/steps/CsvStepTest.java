package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The csv step's errors name the setting that causes them, once, with the file. */
class CsvStepTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = new TestProject(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  private RunOutcome run(String with) {
    return project.run("""
        kiln: 1
        pipeline: p
        steps:
          data: { uses: csv, with: %s }
        """.formatted(with));
  }

  @Test
  void aDeclaredColumnMissingFromTheHeaderIsASchemaError() throws IOException {
    Path csv = Files.writeString(dir.resolve("t.csv"), "id,fare\n1,2.0\n");

    RunOutcome run = run("{ path: t.csv, schema: { id: long, tip: double } }");

    assertFalse(run.succeeded());
    assertTrue(run.badInput());
    // the step is named once: the user error already names file and step, the run adds no second prefix
    assertEquals("test.yaml: step 'data': key 'with.schema': " + csv + " line 1: the declared schema "
        + "names column [tip] that the header does not have; the header is [id, fare]", run.error());
  }

  @Test
  void aSchemaNamingSomeColumnsInfersTheRest() throws IOException {
    Files.writeString(dir.resolve("t.csv"), "id,fare,note\n1,2.0,x\n");

    RunOutcome run = run("{ path: t.csv, schema: { id: string } }");

    assertTrue(run.succeeded(), run.error());
    String manifest;
    try (var files = Files.walk(dir.resolve(".kiln/artifacts/p/data/examples"))) {
      manifest = Files.readString(files.filter(p -> p.endsWith("_MANIFEST.json")).findFirst().orElseThrow());
    }
    String compact = manifest.replaceAll("\\s", "");
    assertTrue(compact.matches(".*\"name\":\"id\",\"type\":\\[\"null\",\"string\"\\].*\"name\":\"fare\",\"type\":\\[\"null\",\"double\"\\].*"),
        manifest);
  }

  @Test
  void aLineTooLongForAHeaderNamesMaxHeaderBytes() throws IOException {
    Path csv = Files.writeString(dir.resolve("t.csv"), "x".repeat(200));

    RunOutcome run = run("{ path: t.csv, maxHeaderBytes: 100 }");

    assertTrue(run.badInput());
    assertTrue(run.error().contains("test.yaml: step 'data': key 'with.maxHeaderBytes': " + csv
        + ": the header (line 1) is longer than maxHeaderBytes (100 bytes)"), run.error());
  }

  @Test
  void anUnknownEncodingIsAnErrorOfItsKey() {
    RunOutcome run;
    try {
      run = run("{ path: t.csv, encoding: latin-99 }");
    } catch (dev.kiln.core.spec.SpecException e) {
      assertEquals("test.yaml: step 'data': key 'with.encoding': unknown encoding 'latin-99'; use a Java charset "
          + "name such as UTF-8, ISO-8859-1 or windows-1252", e.getMessage());
      return;
    }
    throw new AssertionError("resolved: " + run);
  }
}
