package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestBackend;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Execution;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step may name its own backend: stages split where the backend changes, data crosses via artifacts. */
class BackendPerStepTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: mixed
      steps:
        data:  { uses: rows, with: { count: 50 } }
        split: { uses: split, backend: flink, in: { examples: data }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
        plus:  { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.train } }
      """;

  @TempDir Path dir;
  TestProject project;
  TestBackend flink = new TestBackend("flink");

  @BeforeEach
  void open() {
    project = new TestProject(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  private Orchestrator orchestrator() {
    RunBackends backends = new RunBackends(project.backend, name -> {
      if (name.equals("flink")) {
        return flink;
      }
      throw new IllegalArgumentException("backend '" + name + "' is not available in this test");
    });
    return new Orchestrator(project.store, project.artifacts, backends, dir, RunListener.NONE);
  }

  @Test
  void theFirstWaveRunsOnlyTheDefaultBackendsStage() {
    Plan plan = orchestrator().plan(project.resolve(PIPELINE));
    assertEquals(List.of(new Stage(1, List.of("data"), Stage.DEFAULT_BACKEND)), plan.stages(),
        "split waits for data's committed artifact, since it runs elsewhere");
  }

  @Test
  void stagesSplitWhereTheBackendChangesAndEachExecutionRecordsItsBackend() {
    RunOutcome run = orchestrator().run(project.resolve(PIPELINE));
    assertTrue(run.succeeded(), run.error());
    assertEquals(Map.of("data", "COMPLETE", "split", "COMPLETE", "plus", "COMPLETE"), run.steps());
    assertEquals(2, project.backend.jobsStarted.get(), "data and plus: two jobs on the default backend");
    assertEquals(1, flink.jobsStarted.get(), "split: one job on the backend it names");
    Map<String, String> expected = Map.of("data", "direct", "split", "flink", "plus", "direct");
    expected.forEach((step, backend) -> {
      Execution e = project.store.execution(run.executions().get(step)).orElseThrow();
      assertEquals(backend, e.stringProperty(MetadataKeys.BACKEND), step);
    });
    RunOutcome again = orchestrator().run(project.resolve(PIPELINE));
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "plus", "CACHED"), again.steps(),
        "the backend is not part of the cache key");
  }

  @Test
  void aBackendThatCannotBeMadeFailsItsStepsAsAUserErrorAndKeepsWhatCommitted() {
    String yaml = PIPELINE.replace("backend: flink", "backend: dataflow");
    RunOutcome run = orchestrator().run(project.resolve(yaml));
    assertFalse(run.succeeded());
    assertTrue(run.badInput());
    assertEquals(Map.of("data", "COMPLETE", "split", "FAILED", "plus", "SKIPPED"), run.steps());
    assertTrue(run.error().contains("backend 'dataflow' is not available"), run.error());
  }

  @Test
  void anUnknownBackendIsASpecErrorNamingTheStepAndKey() {
    SpecException e = assertThrows(SpecException.class, () -> project.resolve(PIPELINE.replace("backend: flink", "backend: spark")));
    assertTrue(e.getMessage().contains("split") && e.getMessage().contains("backend")
        && e.getMessage().contains("'spark' is not a backend"), e.getMessage());
  }
}
