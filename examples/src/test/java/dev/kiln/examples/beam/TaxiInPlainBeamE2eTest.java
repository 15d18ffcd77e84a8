package dev.kiln.examples.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.artifact.RowFingerprint;
import dev.kiln.core.fingerprint.Sha256;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Event;
import dev.kiln.ml.evaluate.EvaluationMetrics;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.stats.StatisticsJson;
import dev.kiln.ml.transform.TransformGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's third check: statistics → fit/apply TransformGraph → train → evaluate → score as Beam
 * transforms in a hand-written pipeline ({@link TaxiInPlainBeam}, no Kiln project or store) give the
 * same documents, byte for byte, as the same steps of {@code pipelines/taxi.yaml} run by Kiln. In the e2e suite: it
 * runs the taxi pipeline twice (a few minutes on a loaded machine).
 */
@Tag("e2e")
class TaxiInPlainBeamE2eTest {
  private static final Path CSV = Path.of("data/taxi.csv").toAbsolutePath();
  private static final Map<String, String> COLLECTED = new ConcurrentHashMap<>();

  @TempDir static Path dir;
  static Map<String, String> plain;
  static TestProject project;
  static RunOutcome kiln;

  @BeforeAll
  static void runBoth() throws IOException {
    plain = runPlainBeam();
    // the flagship pipeline as it is, in a project holding its data where it names it
    Path data = dir.resolve("examples/data/taxi.csv");
    Files.createDirectories(data.getParent());
    Files.copy(CSV, data);
    project = new TestProject(dir);
    kiln = project.run(Files.readString(Path.of("../pipelines/taxi.yaml")));
    assertTrue(kiln.succeeded(), kiln.error());
  }

  @AfterAll
  static void close() {
    project.close();
  }

  @Test
  void theModelIsTheSameDocumentByteForByteSoItHasTheSameFingerprint() throws IOException {
    String model = plain.get("model");
    assertEquals(document("train", "model"), model);
    assertEquals(manifest("train", "model").fingerprint(), Sha256.hex(model.getBytes(StandardCharsets.UTF_8)));
    ModelDocument m = ModelDocument.fromJson(model);
    assertEquals("big_tipper", m.label());
    assertTrue(m.transformGraph() != null, "the graph is embedded");
  }

  @Test
  void theMetricsAreTheSame() throws IOException {
    assertEquals(document("evaluate", "metrics"), plain.get("metrics"));
    EvaluationMetrics metrics = EvaluationMetrics.fromJson(plain.get("metrics"));
    assertTrue(metrics.overall("auc").orElseThrow() > 0.8, "the taxi model separates big tippers: " + metrics.overall("auc"));
    assertTrue(metrics.sliceValues("payment_type").contains("Cash"), metrics.sliceValues("payment_type").toString());
    assertEquals(manifest("infer", "predictions").records(), metrics.examples(), "every eval row is evaluated and scored");
  }

  @Test
  void theTransformGraphAndTheTrainStatisticsAreTheSame() throws IOException {
    assertEquals(document("preprocess", "graph"), plain.get("graph"));
    assertEquals(StatisticsJson.documentFromJson(document("stats", "statistics")).split("train"),
        StatisticsJson.fromJson(plain.get("statistics")));
  }

  @Test
  void thePredictionsAreTheSameRows() throws IOException {
    Manifest predictions = manifest("infer", "predictions");
    assertEquals(1, predictions.splits().size(), "infer scored the unsplit eval rows");
    assertEquals(predictions.splits().get(0).fingerprint(), plain.get("predictions"), "the content fingerprint of the scored eval rows");
  }

  /** Runs {@link TaxiInPlainBeam} on the DirectRunner and collects its outputs as text. */
  private static Map<String, String> runPlainBeam() {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    TaxiInPlainBeam.Outputs out = TaxiInPlainBeam.build(pipeline, CSV.toString());
    String run = UUID.randomUUID().toString();
    collect(run, "statistics", out.trainStatistics().apply(MapElements.into(TypeDescriptors.strings()).via(StatisticsJson::toJson)));
    collect(run, "graph", out.graph().apply(MapElements.into(TypeDescriptors.strings()).via(TransformGraph::toJson)));
    collect(run, "model", out.model().apply(MapElements.into(TypeDescriptors.strings()).via(ModelDocument::toJson)));
    collect(run, "metrics", out.metrics().apply(MapElements.into(TypeDescriptors.strings()).via(EvaluationMetrics::toJson)));
    collect(run, "predictions", out.predictions()
        .apply(Combine.globally(RowFingerprint.forSchema(out.predictions().getSchema())))
        .apply(MapElements.into(TypeDescriptors.strings()).via(RowFingerprint.Digest::fingerprint)));
    pipeline.run().waitUntilFinish();
    Map<String, String> results = new java.util.HashMap<>();
    for (String name : List.of("statistics", "graph", "model", "metrics", "predictions")) {
      String value = COLLECTED.remove(run + "/" + name);
      assertTrue(value != null, "the plain pipeline gave no " + name);
      results.put(name, value);
    }
    return results;
  }

  private static void collect(String run, String name, PCollection<String> values) {
    values.apply("Collect " + name, ParDo.of(new Collect(run + "/" + name)));
  }

  /** Keeps the one element of a collection, by key, for the test to read after the run. */
  private static final class Collect extends DoFn<String, Void> {
    private final String key;

    Collect(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element String value) {
      if (COLLECTED.putIfAbsent(key, value) != null) {
        throw new AssertionError(key + " has more than one element");
      }
    }
  }

  private Manifest manifest(String step, String port) {
    long id = project.store.eventsByExecutions(List.of(kiln.executions().get(step))).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals(port))
        .findFirst().orElseThrow().artifactId();
    return project.artifacts.readManifest(project.store.artifact(id).orElseThrow().uri()).orElseThrow();
  }

  private String document(String step, String port) throws IOException {
    Manifest m = manifest(step, port);
    return Files.readString(Path.of(m.location()).resolve(m.documentPath()));
  }
}
