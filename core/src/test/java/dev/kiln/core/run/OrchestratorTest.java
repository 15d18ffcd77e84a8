package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: demo
      steps:
        data:  { uses: rows, with: { count: 300, note: first } }
        split: { uses: split, in: { examples: data }, with: { key: id, ratios: { train: 0.7, eval: 0.3 } } }
        plus:  { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.train } }
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
  void firstRunCompletesEveryStepInOneJob() {
    RunOutcome first = project.run(PIPELINE);
    assertTrue(first.succeeded(), first.error());
    assertEquals(Map.of("data", "COMPLETE", "split", "COMPLETE", "plus", "COMPLETE"), first.steps());
    assertEquals(1, project.backend.jobsStarted.get(), "the three connected steps run as one fused Beam job");
    Execution plus = project.store.execution(first.executions().get("plus")).orElseThrow();
    assertEquals(Execution.State.COMPLETE, plus.state());
    assertTrue(plus.stringProperty(MetadataKeys.CACHE_KEY).matches("[0-9a-f]{64}"));
  }

  @Test
  void secondIdenticalRunIsCachedLaunchesNoJobAndLinksTheOriginalArtifacts() {
    RunOutcome first = project.run(PIPELINE);
    RunOutcome second = project.run(PIPELINE);
    assertTrue(second.succeeded());
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "plus", "CACHED"), second.steps());
    assertEquals(1, project.backend.jobsStarted.get(), "no Beam job for a fully cached run");
    for (String step : List.of("data", "split", "plus")) {
      Execution cached = project.store.execution(second.executions().get(step)).orElseThrow();
      assertEquals(Execution.State.CACHED, cached.state());
      assertEquals(first.executions().get(step), cached.longProperty(MetadataKeys.CACHED_FROM));
      assertEquals(outputs(first.executions().get(step)), outputs(cached.id()), step + " links the original artifacts");
    }
    assertEquals(3, project.store.executionsOfContext(second.runContextId()).size());
  }

  @Test
  void configChangeRerunsTheStepAndOnlyReadersWhoseInputChanged() {
    project.run(PIPELINE);
    // A setting that does not change the rows: data reruns, its output fingerprint is the same, so
    // split and plus stay cached.
    RunOutcome noteChanged = project.run(PIPELINE.replace("note: first", "note: second"));
    assertEquals(Map.of("data", "COMPLETE", "split", "CACHED", "plus", "CACHED"), noteChanged.steps());

    // New ratios: split reruns; plus reads split.train, which changed, so it reruns too.
    Plan plan = project.plan(PIPELINE.replace("note: first", "note: second").replace("train: 0.7, eval: 0.3", "train: 0.5, eval: 0.5"));
    assertEquals(Decision.CACHED, plan.steps().get("data").decision());
    assertEquals(Decision.RUN, plan.steps().get("split").decision());
    assertEquals("config changed: ratios", plan.steps().get("split").reason());
    assertEquals(Decision.RUN_OR_REUSE, plan.steps().get("plus").decision());
    assertEquals(1, plan.stages().size(), "plus joins split's job");
    RunOutcome ratios = project.run(PIPELINE.replace("note: first", "note: second").replace("train: 0.7, eval: 0.3", "train: 0.5, eval: 0.5"));
    assertEquals(Map.of("data", "CACHED", "split", "COMPLETE", "plus", "COMPLETE"), ratios.steps());
  }

  @Test
  void readerOfAnUnchangedSplitStaysCached() {
    String evalReader = PIPELINE.replace("split.train", "split.eval");
    project.run(evalReader);
    // Moving the key from id to the whole row changes both splits; changing only the name of a split
    // that plus does not read leaves eval's rows as they were.
    RunOutcome renamed = project.run(evalReader.replace("train: 0.7", "learn: 0.7").replace("split.eval", "split.eval"));
    // names sort: eval < learn, the same as eval < train, so the eval rows are the same
    assertEquals("COMPLETE", renamed.steps().get("split"));
    assertEquals("CACHED", renamed.steps().get("plus"), "eval's fingerprint did not change");
  }

  @Test
  void deletedOrAlteredOutputIsRecomputedNeverReused() throws IOException {
    RunOutcome first = project.run(PIPELINE);
    Path splitDir = artifactDir(first.executions().get("split"));
    Path someFile;
    try (Stream<Path> files = Files.walk(splitDir)) {
      someFile = files.filter(p -> p.toString().endsWith(".avro")).findFirst().orElseThrow();
    }
    Files.delete(someFile);
    Plan plan = project.plan(PIPELINE);
    assertEquals(Decision.RUN, plan.steps().get("split").decision());
    assertTrue(plan.steps().get("split").reason().startsWith("output missing or damaged"), plan.steps().get("split").reason());
    RunOutcome second = project.run(PIPELINE);
    assertEquals(Map.of("data", "CACHED", "split", "COMPLETE", "plus", "CACHED"), second.steps());

    // altered in place: same name, different bytes
    Path dataDir = artifactDir(second.executions().get("split"));
    try (Stream<Path> files = Files.walk(dataDir)) {
      Path f = files.filter(p -> p.toString().endsWith(".avro")).findFirst().orElseThrow();
      Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    }
    assertEquals(Decision.RUN, project.plan(PIPELINE).steps().get("split").decision());
  }

  @Test
  void failingStepFailsTheRunKeepsWhatCommittedAndTheNextRunReusesIt() {
    project.run(PIPELINE);
    String failing = PIPELINE + "  bad:   { uses: transform, class: dev.kiln.core.testing.FailOn, in: { examples: plus } }\n"
        + "  after: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: data } }\n";
    RunOutcome failed = project.run(failing);
    assertFalse(failed.succeeded());
    assertEquals("FAILED", failed.steps().get("bad"));
    assertTrue(failed.error().contains("row 3 cannot be processed"), failed.error());
    assertEquals("CACHED", failed.steps().get("plus"));
    Execution bad = project.store.execution(failed.executions().get("bad")).orElseThrow();
    assertEquals(Execution.State.FAILED, bad.state());
    assertTrue(bad.stringProperty(MetadataKeys.ERROR).contains("row 3 cannot be processed"));
    assertEquals("FAILED", project.store.context(failed.runContextId()).orElseThrow().stringProperty(MetadataKeys.STATE));
    // no manifest in the failed step's output folder
    assertFalse(Files.exists(artifactDir(failed.executions().get("bad")).resolve("_MANIFEST.json")));

    RunOutcome fixed = project.run(failing.replace("FailOn", "AddOne").replace("in: { examples: plus } }", "in: { examples: split.eval } }"));
    assertTrue(fixed.succeeded(), fixed.error());
  }

  @Test
  void tfrecordFormatIsWrittenAndReadBackByTheNextStage() throws IOException {
    String tf = PIPELINE.replace("with: { key: id, ratios: { train: 0.7, eval: 0.3 } } }",
        "with: { key: id, ratios: { train: 0.7, eval: 0.3 } }, format: tfrecord }");
    RunOutcome first = project.run(tf);
    assertTrue(first.succeeded(), first.error());
    try (Stream<Path> files = Files.walk(artifactDir(first.executions().get("split")))) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).toList();
      assertFalse(names.isEmpty());
      assertTrue(names.stream().allMatch(n -> n.endsWith(".tfrecord")), names.toString());
    }
    // a new reader of the TFRecord artifact runs in a later stage and reads it back
    RunOutcome second = project.run(tf.replace("split.train", "split.eval"));
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "plus", "COMPLETE"), second.steps());
    long plusOut = outputs(second.executions().get("plus")).get("examples");
    long evalRows = Planner.toOutput(project.store.artifact(outputs(second.executions().get("split")).get("examples")).orElseThrow())
        .splitRecords().get("eval");
    assertEquals(evalRows, project.store.artifact(plusOut).orElseThrow().longProperty(MetadataKeys.RECORDS));
  }

  @Test
  void codeChangeOfAUserStepIsACacheMiss() {
    project.run(PIPELINE);
    // Same step name and config, another class: the class-bytes fingerprint differs.
    Plan plan = project.plan(PIPELINE.replace("dev.kiln.core.testing.AddOne", "dev.kiln.core.testing.AddOneAgain"));
    assertEquals(Decision.RUN, plan.steps().get("plus").decision());
    assertEquals("code changed", plan.steps().get("plus").reason());
  }

  private Path artifactDir(long executionId) {
    Execution e = project.store.execution(executionId).orElseThrow();
    String uris = e.stringProperty(MetadataKeys.PLANNED_OUTPUTS);
    String uri = uris.replaceAll(".*\"examples\":\"([^\"]+)\".*", "$1");
    return Path.of(uri.replace("file://", ""));
  }

  private Map<String, Long> outputs(long executionId) {
    return project.store.eventsByExecutions(List.of(executionId)).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT)
        .collect(Collectors.toMap(Event::path, Event::artifactId));
  }

  @Test
  void artifactFingerprintsDifferForDifferentDataAndMatchForTheSame() {
    RunOutcome a = project.run(PIPELINE);
    RunOutcome b = project.run(PIPELINE.replace("count: 300", "count: 301"));
    long aData = outputs(a.executions().get("data")).get("examples");
    long bData = outputs(b.executions().get("data")).get("examples");
    assertNotEquals(project.store.artifact(aData).orElseThrow().stringProperty(MetadataKeys.FINGERPRINT),
        project.store.artifact(bData).orElseThrow().stringProperty(MetadataKeys.FINGERPRINT));
  }
}
