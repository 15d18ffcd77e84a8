package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Document artifacts (statistics, models, ...): written, committed, read as side inputs, cached, checked. */
class DocumentArtifactTest {
  private static final String SOURCE_AND_SUMMARY = """
      kiln: 1
      pipeline: docs
      steps:
        data:    { uses: rows, with: { count: 10 } }
        summary: { uses: summary, in: { examples: data } }
      """;
  private static final String FULL = SOURCE_AND_SUMMARY + """
        shift:   { uses: shift, in: { examples: data, summary: summary.summary } }
      """;

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

  @Test
  void documentIsCommittedAsOneJsonFileWithItsKindAndReadAsASideInputInTheSameJob() throws IOException {
    RunOutcome run = project.run(FULL);
    assertTrue(run.succeeded(), run.error());
    assertEquals(1, project.backend.jobsStarted.get());
    Artifact summary = output(run.executions().get("summary"), "summary");
    assertEquals("Summary", summary.type(), "the metadata artifact is typed by the document kind");
    Manifest m = project.artifacts.readManifest(summary.uri()).orElseThrow();
    assertTrue(m.isDocument());
    assertEquals("summary.json", m.documentPath());
    assertEquals("{\"idSum\":45}", Files.readString(Path.of(m.location()).resolve("summary.json")));
    assertEquals(List.of(45L), idSums(output(run.executions().get("shift"), "examples")));
  }

  @Test
  void committedDocumentIsReadByALaterStageAndASecondRunIsCached() throws IOException {
    assertTrue(project.run(SOURCE_AND_SUMMARY).succeeded());
    RunOutcome second = project.run(FULL);
    assertTrue(second.succeeded(), second.error());
    assertEquals(Map.of("data", "CACHED", "summary", "CACHED", "shift", "COMPLETE"), second.steps());
    assertEquals(List.of(45L), idSums(output(second.executions().get("shift"), "examples")));
    RunOutcome third = project.run(FULL);
    assertEquals(Map.of("data", "CACHED", "summary", "CACHED", "shift", "CACHED"), third.steps());
  }

  @Test
  void alteredDocumentIsRecomputedNotReused() throws IOException {
    RunOutcome first = project.run(SOURCE_AND_SUMMARY);
    Artifact summary = output(first.executions().get("summary"), "summary");
    Path file = Path.of(project.artifacts.readManifest(summary.uri()).orElseThrow().location()).resolve("summary.json");
    Files.writeString(file, "{\"idSum\":999}");
    Plan plan = project.plan(SOURCE_AND_SUMMARY);
    assertEquals(Decision.RUN, plan.steps().get("summary").decision());
    assertTrue(plan.steps().get("summary").reason().contains("damaged"), plan.steps().get("summary").reason());
  }

  @Test
  void optionalDocumentPortMayBeLeftUnconnected() throws IOException {
    RunOutcome run = project.run("""
        kiln: 1
        pipeline: docs
        steps:
          data:  { uses: rows, with: { count: 3 } }
          shift: { uses: shift, in: { examples: data } }
        """);
    assertTrue(run.succeeded(), run.error());
    assertEquals(List.of(-1L), idSums(output(run.executions().get("shift"), "examples")));
  }

  @Test
  void connectingADatasetToADocumentPortIsASpecError() {
    SpecException e = assertThrows(SpecException.class, () -> project.resolve("""
        kiln: 1
        pipeline: docs
        steps:
          data:  { uses: rows, with: { count: 3 } }
          shift: { uses: shift, in: { examples: data, summary: data } }
        """));
    assertTrue(e.getMessage().contains("step 'shift'") || e.getMessage().contains("shift"), e.getMessage());
    assertTrue(e.getMessage().contains("reads a Summary, but 'data.examples' is a Dataset"), e.getMessage());
  }

  private Artifact output(long executionId, String port) {
    long id = project.store.eventsByExecutions(List.of(executionId)).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals(port))
        .findFirst().orElseThrow().artifactId();
    return project.store.artifact(id).orElseThrow();
  }

  private List<Long> idSums(Artifact dataset) throws IOException {
    Manifest m = project.artifacts.readManifest(dataset.uri()).orElseThrow();
    List<Long> sums = new ArrayList<>();
    for (Manifest.FileEntry f : m.splits().get(0).files()) {
      try (DataFileReader<GenericRecord> reader = new DataFileReader<>(
          Path.of(m.location()).resolve(f.path()).toFile(), new GenericDatumReader<>())) {
        for (GenericRecord r : reader) {
          long s = (Long) r.get("idSum");
          if (!sums.contains(s)) {
            sums.add(s);
          }
        }
      }
    }
    return sums;
  }
}
