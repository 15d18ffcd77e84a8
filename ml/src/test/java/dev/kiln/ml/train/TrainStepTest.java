package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.testing.TestProject;
import dev.kiln.core.testing.TestSteps;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import dev.kiln.ml.model.LinearWeights;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code train} step through the orchestrator: a committed Model artifact, caching, wiring errors. */
class TrainStepTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() throws IOException {
    project = new TestProject(dir);
    StringBuilder csv = new StringBuilder("x1,x2,kind,y,big\n");
    Random r = new Random(21);
    for (int i = 0; i < 300; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      double y = 1 + 2 * x1 - x2 + 0.05 * r.nextGaussian();
      csv.append(x1).append(',').append(x2).append(',').append(i % 3 == 0 ? "a" : "b").append(',').append(y)
          .append(',').append(y + r.nextGaussian() > 1).append('\n');
    }
    Files.writeString(dir.resolve("data.csv"), csv);
  }

  @AfterEach
  void close() {
    project.close();
  }

  private static String pipeline(String trainWith) {
    return """
        kiln: 1
        pipeline: trainer
        steps:
          data:  { uses: csv, with: { path: data.csv } }
          split: { uses: split, in: { examples: data.examples }, with: { ratios: { train: 0.8, eval: 0.2 } } }
          prep:  { uses: graphdoc }
          train: { uses: train, in: { examples: split.examples.train, graph: prep.graph }, with: %s }
        """.formatted(trainWith);
  }

  private ResolvedPipeline resolve(String yaml) {
    return new PipelineResolver(TestSteps.registry().register(GraphDocStep.TYPE))
        .resolve(YamlSpecLoader.parse(yaml, "test.yaml"), "test.yaml");
  }

  private RunOutcome run(String yaml) {
    return project.orchestrator().run(resolve(yaml));
  }

  @Test
  void trainCommitsAModelDocumentThatEmbedsTheGraph() throws IOException {
    RunOutcome run = run(pipeline("{ label: y, features: [x1, x2], algorithm: linear, backend: distributed, iterations: 20 }"));
    assertTrue(run.succeeded(), run.error());
    Artifact model = output(run.executions().get("train"), "model");
    assertEquals("Model", model.type());
    Manifest m = project.artifacts.readManifest(model.uri()).orElseThrow();
    assertTrue(m.isDocument());
    ModelDocument doc = ModelDocument.fromJson(Files.readString(Path.of(m.location()).resolve(m.documentPath())));
    assertEquals(ModelTask.REGRESSION, doc.task());
    assertEquals("distributed", doc.backend());
    LinearWeights w = (LinearWeights) doc.parameters();
    assertEquals(2, w.weights()[0], 0.02);
    assertEquals(-1, w.weights()[1], 0.02);
    assertEquals(1, w.bias(), 0.02);
    assertEquals(GraphDocStep.JSON, dev.kiln.core.spec.CanonicalJson.of(doc.transformGraph()));
    assertEquals(1e-4, doc.hyperparameters().get("l2").asDouble(), "defaults are recorded in the model");
  }

  @Test
  void changingOnlyAHyperparameterRerunsOnlyTrain() {
    RunOutcome first = run(pipeline("{ label: big, features: [x1, x2], seed: 1 }"));
    assertTrue(first.succeeded(), first.error());
    RunOutcome second = run(pipeline("{ label: big, features: [x1, x2], seed: 2 }"));
    assertTrue(second.succeeded(), second.error());
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "prep", "CACHED", "train", "COMPLETE"), second.steps());
    RunOutcome third = run(pipeline("{ label: big, features: [x1, x2], seed: 2 }"));
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "prep", "CACHED", "train", "CACHED"), third.steps());
  }

  @Test
  void aSplitDatasetIsRejectedWithTheWayToConnectOneSplit() {
    SpecException e = assertThrows(SpecException.class, () -> resolve(pipeline("{ label: y }")
        .replace("split.examples.train", "split.examples")));
    assertTrue(e.getMessage().contains("connect one split, e.g. preprocess.examples.train"), e.getMessage());
    assertTrue(e.getMessage().contains("train"), e.getMessage());
  }

  @Test
  void wrongColumnsFailTheRunBeforeAnyJobStartsAndCommitNothing() {
    RunOutcome stringFeature = run(pipeline("{ label: y, features: [x1, kind] }"));
    assertFalse(stringFeature.succeeded());
    assertTrue(stringFeature.badInput());
    assertEquals("FAILED", stringFeature.steps().get("train"));
    assertEquals("feature 'kind' is STRING; one-hot or vocabulary it in preprocess first", trainError(stringFeature));
    RunOutcome unknownLabel = run(pipeline("{ label: tip }"));
    assertFalse(unknownLabel.succeeded());
    assertTrue(trainError(unknownLabel).startsWith("label 'tip' is not a column"), trainError(unknownLabel));
    assertEquals(0, project.backend.jobsStarted.get(), "errors found while the graph is built start no job");
  }

  /** The error recorded with the train step's execution. */
  private String trainError(RunOutcome run) {
    return String.valueOf(project.store.execution(run.executions().get("train")).orElseThrow().properties().get("error"));
  }

  private Artifact output(long executionId, String port) {
    long id = project.store.eventsByExecutions(List.of(executionId)).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals(port))
        .findFirst().orElseThrow().artifactId();
    return project.store.artifact(id).orElseThrow();
  }
}
