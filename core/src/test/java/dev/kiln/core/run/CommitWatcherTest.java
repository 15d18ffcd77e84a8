package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetFormat;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step of a fused stage is reported COMPLETE only when the step it reads from in the same stage has
 * committed too: a downstream manifest can commit first, and if the job then fails the downstream step
 * cannot be recorded COMPLETE (its input was never committed), so the console must not have said so.
 */
class CommitWatcherTest {
  @TempDir Path dir;

  @Test
  void aStepIsReportedOnlyAfterTheSameStageStepItReadsFrom() {
    ArtifactStore artifacts = ArtifactStore.at(dir.toString());
    String a = artifacts.datasetUri("p", "a", "examples", 1);
    String b = artifacts.datasetUri("p", "b", "examples", 2);
    StageExecutions stage = new StageExecutions(new Stage(1, List.of("a", "b"), "direct"), "direct",
        Map.of("a", 1L, "b", 2L), Map.of("a", Map.of("examples", a), "b", Map.of("examples", b)),
        Map.of("a", new StepInputs(Map.of()), "b", new StepInputs(Map.of("examples", new StepInputs.Source(a, null, 0)))));
    List<String> reported = new ArrayList<>();
    CommitWatcher watcher = new CommitWatcher(artifacts, new RunListener() {
      @Override
      public void stepCompleted(String step, long elapsedMillis, Map<String, PortCounts> records) {
        reported.add(step);
      }
    }, stage, System.currentTimeMillis());

    artifacts.commit(b, manifest("b", 2));
    watcher.poll();
    assertEquals(List.of(), reported, "b committed, but its input from a did not (yet)");
    assertEquals("a", watcher.uncommittedInput("b"));

    artifacts.commit(a, manifest("a", 1));
    watcher.poll();
    assertEquals(List.of("a", "b"), reported);
    assertNull(watcher.uncommittedInput("b"));
  }

  private static Manifest manifest(String step, long execution) {
    String schema = "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    return new Manifest(1, Manifest.DATASET, DatasetFormat.AVRO, schema, 0, "f",
        List.of(new Manifest.SplitEntry("", 0, "f", List.of())), new Manifest.Producer("p", step, "examples", execution),
        Manifest.KILN_VERSION, "2026-01-01T00:00:00Z", null);
  }
}
