package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New data reruns what depends on it as one Beam job per stage (not one per level), and a step whose
 * input comes out unchanged keeps its earlier result, so the cache holds for the steps after it.
 */
class FusedRerunTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: fused
      steps:
        data:  { uses: csv, with: { path: data.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
        plus:  { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.examples } }
        twice: { uses: transform, class: dev.kiln.core.testing.TimesTwo, in: { examples: plus.examples } }
      """;
  private static final List<String> STEPS = List.of("data", "split", "plus", "twice");

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() throws IOException {
    project = new TestProject(dir);
    writeCsv(40);
  }

  @AfterEach
  void close() {
    project.close();
  }

  private void writeCsv(int rows) throws IOException {
    StringBuilder csv = new StringBuilder("id,name\n");
    for (int i = 1; i <= rows; i++) {
      csv.append(i).append(",n").append(i).append('\n');
    }
    Files.writeString(dir.resolve("data.csv"), csv);
  }

  @Test
  void newDataRerunsEveryDependentStepInOneJobWithLineageToThisRunsArtifacts() throws IOException {
    RunOutcome first = project.run(PIPELINE);
    assertTrue(first.succeeded(), first.error());
    assertEquals(1, project.backend.jobsStarted.get());

    writeCsv(50);
    Plan plan = project.plan(PIPELINE);
    assertEquals(Decision.RUN, plan.steps().get("data").decision());
    for (String step : List.of("split", "plus", "twice")) {
      assertEquals(Decision.RUN_OR_REUSE, plan.steps().get(step).decision(), step);
    }
    assertEquals(1, plan.stages().size(), "every step that may rerun is in the first stage");
    assertEquals(STEPS, plan.stages().get(0).steps());

    RunOutcome second = project.run(PIPELINE);
    assertTrue(second.succeeded(), second.error());
    assertEquals(2, project.backend.jobsStarted.get(), "the rerun after new data is one Beam job");
    STEPS.forEach(s -> assertEquals("COMPLETE", second.steps().get(s), s));
    // lineage: each step read what its upstream wrote in this run
    for (String[] edge : new String[][] {{"split", "data"}, {"plus", "split"}, {"twice", "plus"}}) {
      long read = events(second.executions().get(edge[0]), Event.Type.INPUT).get("examples");
      long written = events(second.executions().get(edge[1]), Event.Type.OUTPUT).get("examples");
      assertEquals(written, read, edge[0] + " reads " + edge[1] + "'s new artifact");
      assertNotEquals(events(first.executions().get(edge[1]), Event.Type.OUTPUT).get("examples"), written);
    }
    Execution twice = project.store.execution(second.executions().get("twice")).orElseThrow();
    assertEquals(50L, project.store.artifact(events(twice.id(), Event.Type.OUTPUT).get("examples")).orElseThrow()
        .longProperty(MetadataKeys.RECORDS));

    RunOutcome third = project.run(PIPELINE);
    STEPS.forEach(s -> assertEquals("CACHED", third.steps().get(s), s));
    assertEquals(2, project.backend.jobsStarted.get());
  }

  @Test
  void aStepWhoseInputComesOutUnchangedKeepsItsEarlierResultAndSoDoTheStepsAfterIt() throws IOException {
    RunOutcome first = project.run(PIPELINE);
    // Same bytes, a new modification time: data reruns ("input files changed"), its rows are the same.
    Path csv = dir.resolve("data.csv");
    Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 60_000));

    RunOutcome second = project.run(PIPELINE);
    assertTrue(second.succeeded(), second.error());
    assertEquals(2, project.backend.jobsStarted.get(), "one job, not one per level");
    assertEquals(Map.of("data", "COMPLETE", "split", "CACHED", "plus", "CACHED", "twice", "CACHED"), second.steps());
    for (String step : List.of("split", "plus", "twice")) {
      Execution e = project.store.execution(second.executions().get(step)).orElseThrow();
      assertEquals(Execution.State.CACHED, e.state(), step);
      assertEquals(first.executions().get(step), e.longProperty(MetadataKeys.CACHED_FROM), step);
      assertEquals(events(first.executions().get(step), Event.Type.OUTPUT), events(e.id(), Event.Type.OUTPUT),
          step + " links the earlier artifacts");
      assertTrue(e.stringProperty(MetadataKeys.REASON).startsWith("input unchanged: result of run fused-"), e.stringProperty(MetadataKeys.REASON));
      // the copy this job made is deleted: it was never registered
      String planned = e.stringProperty(MetadataKeys.PLANNED_OUTPUTS).replaceAll(".*\"examples\":\"([^\"]+)\".*", "$1");
      assertFalse(Files.exists(Path.of(planned.replace("file://", "")).resolve("_MANIFEST.json")), planned);
    }
    // split read data's new artifact (same fingerprint); plus read the earlier split artifact it links
    assertEquals(events(second.executions().get("data"), Event.Type.OUTPUT).get("examples"),
        events(second.executions().get("split"), Event.Type.INPUT).get("examples"));
    assertEquals(events(first.executions().get("split"), Event.Type.OUTPUT).get("examples"),
        events(second.executions().get("plus"), Event.Type.INPUT).get("examples"));

    RunOutcome third = project.run(PIPELINE);
    STEPS.forEach(s -> assertEquals("CACHED", third.steps().get(s), s));
    assertEquals(2, project.backend.jobsStarted.get());
  }

  @Test
  void theStepWhoseCodeThrewIsTheFailedOneAndTheOthersWereStoppedByIt() {
    String failing = PIPELINE.replace("dev.kiln.core.testing.TimesTwo", "dev.kiln.core.testing.FailOn");
    RunOutcome run = project.run(failing);
    assertFalse(run.succeeded());
    assertEquals(1, project.backend.jobsStarted.get(), "one fused job");
    assertEquals("FAILED", run.steps().get("twice"));
    Execution twice = project.store.execution(run.executions().get("twice")).orElseThrow();
    assertTrue(twice.stringProperty(MetadataKeys.ERROR).contains("row 3 cannot be processed"), twice.stringProperty(MetadataKeys.ERROR));
    assertTrue(run.error().startsWith("step 'twice': "), run.error());
    for (String step : List.of("data", "split", "plus")) {
      Execution e = project.store.execution(run.executions().get(step)).orElseThrow();
      if (e.state() == Execution.State.FAILED) {
        assertEquals("stopped: step 'twice' failed", e.stringProperty(MetadataKeys.ERROR), step);
      } else {
        assertEquals(Execution.State.COMPLETE, e.state(), step + " committed before the failure");
      }
    }
  }

  private Map<String, Long> events(long executionId, Event.Type type) {
    return project.store.eventsByExecutions(List.of(executionId)).stream()
        .filter(e -> e.type() == type)
        .collect(Collectors.toMap(Event::path, Event::artifactId));
  }
}
