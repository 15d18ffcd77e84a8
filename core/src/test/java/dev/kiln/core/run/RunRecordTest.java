package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the metadata store says about a run that did not end well is what happened: the real error of
 * a run that failed before any job, the time a killed run really ended, a cancelled run as CANCELED
 * with its completed steps kept, and recovered steps linked to their inputs.
 */
class RunRecordTest {
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

  private Context lastRun() {
    return project.store.contextsOfType(MetadataKeys.RUN, 1).get(0);
  }

  @Test
  void aRunThatFailsBeforeAnyJobRecordsItsRealErrorAndItsRealDuration() {
    String yaml = """
        kiln: 1
        pipeline: early
        steps:
          data: { uses: csv, with: { path: missing.csv } }
        """;
    SpecException e = assertThrows(SpecException.class, () -> project.run(yaml));
    Context run = lastRun();
    assertEquals("FAILED", run.stringProperty(MetadataKeys.STATE), "recorded now, not left RUNNING for recovery to guess");
    assertEquals(Orchestrator.firstLine(e), run.stringProperty(MetadataKeys.ERROR));
    assertTrue(run.stringProperty(MetadataKeys.ERROR).contains("no file matches"), run.stringProperty(MetadataKeys.ERROR));
    assertTrue(run.stringProperty(MetadataKeys.ERROR_TRACE).contains("SpecException"), "the root cause's stack trace, for show --verbose");
    long took = run.longProperty(MetadataKeys.ENDED) - run.longProperty(MetadataKeys.STARTED);
    assertTrue(took >= 0 && took < 60_000, "took " + took + " ms");

    new RunRecovery(project.store, project.artifacts).recover();
    assertEquals(run.stringProperty(MetadataKeys.ERROR), lastRun().stringProperty(MetadataKeys.ERROR), "recovery leaves it alone");
  }

  @Test
  void aKilledRunEndsAtItsLastSignOfLifeNotWhenTheNextCommandStarts() {
    RunRecorder recorder = new RunRecorder(project.store);
    ProcessIdentity dead = new ProcessIdentity(ProcessIdentity.hostName(), Integer.MAX_VALUE - 7, 1);
    Context run = recorder.startRun("killed", "killed-1", "{}", "h", "direct", dead);
    long now = System.currentTimeMillis();
    Map<String, Object> props = new HashMap<>(run.properties());
    props.put(MetadataKeys.STARTED, now - 60_000);
    props.put(MetadataKeys.ALIVE, now - 52_000); // killed 8 s into the run; the next command comes 52 s later
    project.store.putContext(run.withProperties(props));

    new RunRecovery(project.store, project.artifacts).recover();

    Context after = project.store.context(run.id()).orElseThrow();
    assertEquals("FAILED", after.stringProperty(MetadataKeys.STATE));
    long took = after.longProperty(MetadataKeys.ENDED) - after.longProperty(MetadataKeys.STARTED);
    assertTrue(took >= 8_000 && took < 12_000, "the run took about 8 s, recorded " + took + " ms");
  }

  /** Sleeps 30 ms a row: a step that is still running when the run is cancelled. */
  public static class Slow extends PTransform<PCollection<Row>, PCollection<Row>> {
    @Override
    public PCollection<Row> expand(PCollection<Row> rows) {
      return rows.apply("slow", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
        try {
          Thread.sleep(30);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return r;
      })).setRowSchema(rows.getSchema());
    }
  }

  @Test
  void aCancelledRunIsCanceledWithItsReasonAndIsNotTurnedFailedByTheWorkItInterrupted() throws Exception {
    String yaml = """
        kiln: 1
        pipeline: cancel
        steps:
          data: { uses: rows, with: { count: 400 } }
          slow: { uses: transform, class: dev.kiln.core.run.RunRecordTest$Slow, in: { examples: data } }
        """;
    CompletableFuture<RunOutcome> running = CompletableFuture.supplyAsync(() -> project.run(yaml));
    // Cancel as soon as the stage's executions are recorded (the job has hardly begun).
    long deadline = System.currentTimeMillis() + 120_000;
    Context run = null;
    while (System.currentTimeMillis() < deadline && run == null) {
      Thread.sleep(20);
      List<Context> runs = project.store.contextsOfType(MetadataKeys.RUN, 1);
      if (!runs.isEmpty() && project.store.executionsOfContext(runs.get(0).id()).stream()
          .filter(e -> e.stringProperty(MetadataKeys.PLANNED_OUTPUTS) != null).count() == 2) {
        run = runs.get(0);
      }
    }
    assertTrue(run != null, "the stage started");

    assertTrue(new RunRecovery(project.store, project.artifacts).cancel(run.name(), "the kiln process received SIGTERM"));

    Context cancelled = project.store.context(run.id()).orElseThrow();
    assertEquals("CANCELED", cancelled.stringProperty(MetadataKeys.STATE));
    assertEquals("cancelled: the kiln process received SIGTERM", cancelled.stringProperty(MetadataKeys.ERROR));
    Map<String, Execution> steps = new HashMap<>();
    project.store.executionsOfContext(run.id()).forEach(e -> steps.put(e.name(), e));
    assertEquals(Execution.State.CANCELED, steps.get("slow").state(), "its outputs had not committed");
    assertEquals("cancelled before the step finished: the kiln process received SIGTERM", steps.get("slow").stringProperty(MetadataKeys.ERROR));
    for (Execution e : steps.values()) {
      boolean committed = project.artifacts.readManifest(uri(e)).isPresent();
      assertEquals(committed ? Execution.State.COMPLETE : Execution.State.CANCELED, e.state(),
          e.name() + ": COMPLETE exactly when its outputs committed, so the next run reuses it");
    }

    running.get(180, TimeUnit.SECONDS); // here no signal ends the JVM: the job goes on to its end
    assertEquals("CANCELED", project.store.context(run.id()).orElseThrow().stringProperty(MetadataKeys.STATE),
        "the cancellation is the run's ending; what the interrupted work did afterwards does not replace it");
    // The job was not stopped here, so the step may have finished since: COMPLETE is then the truth.
    Execution.State slow = project.store.execution(steps.get("slow").id()).orElseThrow().state();
    assertTrue(slow == Execution.State.CANCELED || slow == Execution.State.COMPLETE, "never FAILED: " + slow);
  }

  private static String uri(Execution e) {
    String planned = e.stringProperty(MetadataKeys.PLANNED_OUTPUTS);
    return planned == null ? "none" : planned.replaceAll(".*\"examples\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void aRecoveredStepKeepsTheInputItReadFromAStepOfTheSameStage() {
    RunOutcome first = project.run("""
        kiln: 1
        pipeline: lineage
        steps:
          data: { uses: rows, with: { count: 50 } }
          plus: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: data } }
        """);
    assertTrue(first.succeeded(), first.error());
    // 'plus' once more in the same run, as a process that died after recording 'data' COMPLETE but
    // before 'plus' would have left it: RUNNING, its input given by URI (same stage), no events yet.
    Execution plus = project.store.execution(first.executions().get("plus")).orElseThrow();
    Map<String, Object> props = new HashMap<>(plus.properties());
    props.put(MetadataKeys.PID, (long) Integer.MAX_VALUE - 7);
    props.put(MetadataKeys.PID + "_start", 1L);
    props.put("input_sources", props.get("input_sources").toString().replaceAll("\"artifactId\":\\d+", "\"artifactId\":0"));
    long again = new RunRecorder(project.store).startExecution(first.runContextId(), plus.type(), "plus", Execution.State.RUNNING, props);

    assertEquals(1, new RunRecovery(project.store, project.artifacts).recover());

    Execution recovered = project.store.execution(again).orElseThrow();
    assertEquals(Execution.State.COMPLETE, recovered.state());
    long dataArtifact = project.store.eventsByExecutions(List.of(first.executions().get("data"))).stream()
        .filter(ev -> ev.type() == Event.Type.OUTPUT).findFirst().orElseThrow().artifactId();
    assertTrue(project.store.eventsByExecutions(List.of(again)).stream()
        .anyMatch(ev -> ev.type() == Event.Type.INPUT && ev.artifactId() == dataArtifact),
        "the recovered step is linked to the artifact it read, registered before its process died");
  }
}
