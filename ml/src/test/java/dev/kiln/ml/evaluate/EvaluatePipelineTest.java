package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.testing.TestProject;
import dev.kiln.core.testing.TestSteps;
import dev.kiln.metadata.Event;
import dev.kiln.ml.push.PushResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate and push through the orchestrator: real CSV, real artifacts, the DirectRunner. */
class EvaluatePipelineTest {
  private static final int ROWS = 400;
  private static final String PIPELINE = """
      kiln: 1
      pipeline: eval
      steps:
        data:     { uses: csv, with: { path: data.csv } }
        train:    { uses: fixedmodel, with: { weight: WEIGHT } }
        evaluate:
          uses: evaluate
          in: { examples: data.examples, model: train.model }
          with: { slices: [hour, kind], thresholds: { auc: { min: 0.7, minImprovement: -0.01 } }, baseline: { path: models/eval } }
        push:     { uses: push, in: { model: train.model, blessing: evaluate.blessing }, with: { destination: models/eval } }
      """;

  @TempDir Path dir;
  TestProject project;
  double[] x = new double[ROWS];
  double[] labels = new double[ROWS];

  @BeforeEach
  void open() throws IOException {
    project = new TestProject(dir);
    Random random = new Random(21);
    StringBuilder csv = new StringBuilder("x,label,hour,kind\n");
    for (int i = 0; i < ROWS; i++) {
      x[i] = random.nextDouble();
      labels[i] = x[i] + 0.3 * random.nextGaussian() > 0.5 ? 1 : 0;
      csv.append(x[i]).append(',').append((int) labels[i]).append(',').append(i % 24).append(',')
          .append(i % 3 == 0 ? "cash" : "card").append('\n');
    }
    Files.writeString(dir.resolve("data.csv"), csv);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void evaluatesSlicesBlessesAgainstTheLastPushedModelAndPushesOnlyBlessedModels() throws IOException {
    // 1. No baseline yet: a good model is blessed and pushed as version 1.
    RunOutcome first = run(8);
    JsonNode metrics = document(first, "evaluate", "metrics");
    assertEquals("binary", metrics.get("task").asText());
    assertEquals(ROWS, metrics.get("examples").asLong());
    double[] scores = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      scores[i] = LogisticTestScorers.probability(8, x[i]);
    }
    JsonNode overall = metrics.get("overall");
    assertTrue(Math.abs(overall.get("auc").asDouble() - BinaryMetricsTest.exactAuc(labels, scores))
        <= overall.get("aucErrorBound").asDouble() + 1e-11, overall.toString());
    long hourTotal = 0;
    for (JsonNode slice : metrics.get("slices").get("hour")) {
      hourTotal += slice.get("examples").asLong();
    }
    assertEquals(ROWS, hourTotal);
    assertEquals(24, metrics.get("slices").get("hour").size());
    assertEquals(ROWS / 3 + 1, metrics.get("slices").get("kind").get("cash").get("examples").asLong());
    JsonNode blessing = document(first, "evaluate", "blessing");
    assertTrue(blessing.get("blessed").asBoolean(), blessing.toString());
    assertFalse(blessing.get("baseline").get("found").asBoolean());
    PushResult pushed = PushResult.parse(text(first, "push", "result"));
    assertTrue(pushed.pushed());
    assertEquals("000001", pushed.version());
    assertTrue(Files.readString(dir.resolve("models/eval/000001/model.json")).contains("\"weight\":8.0"));

    // 2. The push changed the baseline, which is an optional external input of evaluate: the same
    //    pipeline would now rerun evaluate (and only what follows it).
    var plan = project.orchestrator().plan(resolve(8));
    assertEquals(Decision.CACHED, plan.steps().get("train").decision());
    assertEquals(Decision.RUN, plan.steps().get("evaluate").decision());
    assertEquals("input files changed", plan.steps().get("evaluate").reason());

    // 3. A model that orders the examples backwards is compared with version 1, is not blessed and not
    //    pushed; the run still succeeds.
    RunOutcome second = run(-8);
    JsonNode refused = document(second, "evaluate", "blessing");
    assertFalse(refused.get("blessed").asBoolean());
    assertTrue(refused.get("summary").asText().startsWith("not blessed: auc 0."), refused.toString());
    assertEquals("000001", refused.get("baseline").get("version").asText());
    JsonNode improvement = refused.get("checks").get(1);
    assertEquals("minImprovement", improvement.get("check").asText());
    assertEquals(overall.get("auc").asDouble(), improvement.get("baselineValue").asDouble(), 1e-12,
        "the baseline is scored on the same rows");
    assertFalse(improvement.get("passed").asBoolean());
    PushResult skipped = PushResult.parse(text(second, "push", "result"));
    assertFalse(skipped.pushed());
    assertNull(skipped.version());
    assertEquals(refused.get("summary").asText(), skipped.reason());
    assertFalse(Files.exists(dir.resolve("models/eval/000002")));
  }

  private ResolvedPipeline resolve(double weight) {
    var registry = TestSteps.registry().register(new EvaluateStepType(new LogisticTestScorers())).register(FixedModel.TYPE);
    return new PipelineResolver(registry).resolve(
        YamlSpecLoader.parse(PIPELINE.replace("WEIGHT", Double.toString(weight)), "test.yaml"), "test.yaml");
  }

  private RunOutcome run(double weight) {
    RunOutcome outcome = project.orchestrator().run(resolve(weight));
    assertTrue(outcome.succeeded(), outcome.error());
    return outcome;
  }

  private JsonNode document(RunOutcome run, String step, String port) throws IOException {
    return MetricsDocument.parse(text(run, step, port));
  }

  private String text(RunOutcome run, String step, String port) throws IOException {
    long id = project.store.eventsByExecutions(java.util.List.of(run.executions().get(step))).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals(port))
        .findFirst().orElseThrow().artifactId();
    Manifest m = project.artifacts.readManifest(project.store.artifact(id).orElseThrow().uri()).orElseThrow();
    return Files.readString(Path.of(m.location()).resolve(m.documentPath()));
  }
}
