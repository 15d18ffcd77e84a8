package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.testing.TestBackend;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Execution;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run tells its listener: stage numbers once per run, and each step's own time. */
class RunProgressTest {
  // split runs on another backend, so the run has three rounds of planning: data, split, plus
  private static final String PIPELINE = """
      kiln: 1
      pipeline: progress
      steps:
        data:  { uses: rows, with: { count: 60 } }
        split: { uses: split, backend: flink, in: { examples: data }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
        plus:  { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.train } }
        twice: { uses: transform, class: dev.kiln.core.testing.TimesTwo, in: { examples: plus } }
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

  static final class Recording implements RunListener {
    final List<Integer> stages = new ArrayList<>();
    final Map<String, Long> times = new HashMap<>();

    @Override
    public synchronized void stageStarted(Stage stage) {
      stages.add(stage.index());
    }

    @Override
    public synchronized void stepCompleted(String step, long elapsedMillis, Map<String, PortCounts> records) {
      times.put(step, elapsedMillis);
    }
  }

  @Test
  void stageNumbersDoNotRepeatAndEachStepIsTimedFromItsOwnInput() {
    Recording listener = new Recording();
    TestBackend other = new TestBackend("flink");
    RunBackends backends = new RunBackends(project.backend, name -> other);
    RunOutcome run = new Orchestrator(project.store, project.artifacts, backends, dir, listener).run(project.resolve(PIPELINE));
    assertTrue(run.succeeded(), run.error());
    assertEquals(List.of(1, 2, 3), listener.stages, "three rounds, three stage numbers");

    for (String step : List.of("data", "split", "plus", "twice")) {
      Execution e = project.store.execution(run.executions().get(step)).orElseThrow();
      assertEquals(listener.times.get(step), e.longProperty(MetadataKeys.ELAPSED_MS), step + ": the console and the record agree");
    }
    // twice runs in plus's job: timed from plus's commit when plus committed first, else from the job's
    // start, as plus is (plus reads only an earlier stage's artifact)
    long plus = committedAt(run.executions().get("plus")).toEpochMilli();
    long twice = committedAt(run.executions().get("twice")).toEpochMilli();
    long expected = plus < twice ? twice - plus : listener.times.get("plus") - (plus - twice);
    assertEquals(expected, listener.times.get("twice"));
  }

  private Instant committedAt(long executionId) {
    Execution e = project.store.execution(executionId).orElseThrow();
    String uri = e.stringProperty(MetadataKeys.PLANNED_OUTPUTS).replaceAll(".*\"examples\":\"([^\"]+)\".*", "$1");
    Manifest m = project.artifacts.readManifest(uri).orElseThrow();
    return Instant.parse(m.committedAt());
  }
}
