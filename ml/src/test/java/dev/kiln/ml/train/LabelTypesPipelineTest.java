package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.testing.TestProject;
import dev.kiln.core.testing.TestSteps;
import dev.kiln.metadata.Event;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * preprocess → train with a class label of every type, on every algorithm, with the two steps in one
 * Beam job (fused: train reads preprocess's rows as a PCollection) and in two (train reads the
 * committed Avro files). The TFX penguins pipeline (species 0/1/2, INT64) failed fused with
 * {@code ClassCastException: Double cannot be cast to Long}: preprocess passed the label on as the
 * canonical Double of its numeric slot while its output schema declared INT64.
 */
class LabelTypesPipelineTest {
  @TempDir Path dir;

  /**
   * Three trainers of the same preprocessed rows: logistic local, logistic distributed, random forest;
   * {@code seed} changes their config without changing preprocess.
   */
  private static String pipeline(String labelType, long seed) {
    return """
        kiln: 1
        pipeline: labels
        steps:
          data:  { uses: labelled, with: { labelType: %s } }
          split: { uses: split, in: { examples: data.examples }, with: { ratios: { train: 0.8, eval: 0.2 } } }
          preprocess:
            uses: preprocess
            in: { examples: split.examples }
            with:
              passthrough: [species]
              features:
                bill_length_mm:    { standardize: true }
                flipper_length_mm: { standardize: true }
                island:            { vocabulary: { topK: 3 }, oneHot: true }
          logistic_local:       { uses: train, in: { examples: preprocess.examples.train, graph: preprocess.graph }, with: { label: species, algorithm: logistic, backend: local, seed: %d } }
          logistic_distributed: { uses: train, in: { examples: preprocess.examples.train, graph: preprocess.graph }, with: { label: species, algorithm: logistic, backend: distributed, iterations: %d } }
          random_forest:        { uses: train, in: { examples: preprocess.examples.train, graph: preprocess.graph }, with: { label: species, algorithm: random_forest, trees: 5, seed: %d } }
        """.formatted(labelType, seed, seed, seed);
  }

  /**
   * The first run trains in the same Beam job as preprocess (fused); the second, with other trainer
   * settings, finds preprocess cached and trains on its committed Avro files (not fused).
   */
  @ParameterizedTest(name = "{0} label")
  @ValueSource(strings = {"int", "long", "double", "boolean", "string"})
  void everyLabelTypeTrainsOnEveryAlgorithmFusedAndNot(String labelType) throws Exception {
    try (TestProject project = new TestProject(dir)) {
      for (boolean fused : new boolean[] {true, false}) {
        RunOutcome run = project.orchestrator().run(resolve(pipeline(labelType, fused ? 1 : 2)));
        String what = labelType + " label, fused=" + fused;
        assertTrue(run.succeeded(), what + ": " + run.error());
        assertEquals(fused ? "COMPLETE" : "CACHED", run.steps().get("preprocess"), what);
        int classes = new LabelledSource(labelType).classes();
        for (String trainer : List.of("logistic_local", "logistic_distributed", "random_forest")) {
          assertEquals("COMPLETE", run.steps().get(trainer), what + ", " + trainer);
          ModelDocument model = model(project, run.executions().get(trainer));
          // A numeric label of more values than 0 and 1 is a regression target for a random forest.
          boolean regression = trainer.equals("random_forest") && classes == 3 && !labelType.equals("string");
          if (regression) {
            assertEquals(ModelTask.REGRESSION, model.task(), what + ", " + trainer);
          } else {
            assertEquals(classes == 2 ? ModelTask.BINARY : ModelTask.MULTICLASS, model.task(), what + ", " + trainer);
            assertEquals(classes, model.classes().size(), what + ", " + trainer + " classes " + model.classes());
          }
        }
      }
    }
  }

  private static ResolvedPipeline resolve(String yaml) {
    return new PipelineResolver(TestSteps.registry().register(LabelledSource.TYPE))
        .resolve(YamlSpecLoader.parse(yaml, "labels.yaml"), "labels.yaml");
  }

  private static ModelDocument model(TestProject project, long executionId) throws Exception {
    long id = project.store.eventsByExecutions(List.of(executionId)).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals("model")).findFirst().orElseThrow().artifactId();
    Manifest m = project.artifacts.readManifest(project.store.artifact(id).orElseThrow().uri()).orElseThrow();
    return ModelDocument.fromJson(Files.readString(Path.of(m.location()).resolve(m.documentPath())));
  }
}
