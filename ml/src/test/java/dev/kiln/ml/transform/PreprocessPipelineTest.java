package dev.kiln.ml.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step run by the orchestrator: csv, split, preprocess, with real artifacts in a temporary project. */
class PreprocessPipelineTest {
  static final String PIPELINE = """
      kiln: 1
      pipeline: taxi
      steps:
        data:  { uses: csv, with: { path: "%s" } }
        split: { uses: split, in: { examples: data.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
        preprocess:
          uses: preprocess
          in: { examples: split.examples }
          with:
            fitOn: train
            passthrough: [tips]
            derive:
              start_hour: { hourOfDay: trip_start_timestamp }
            features:
              %s:               { impute: mean, standardize: true }
              trip_seconds:     { impute: median, standardize: true }
              start_hour:       { vocabulary: { topK: 24 }, oneHot: true }
              payment_type:     { vocabulary: { topK: 10, oovBuckets: 1 }, oneHot: true }
              company:          { hash: { buckets: 16 }, oneHot: true }
              pickup_latitude:  { impute: mean, bucketize: { buckets: 10 }, oneHot: true }
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

  static String pipeline(Path csv, String fareColumn) {
    return PIPELINE.formatted(csv, fareColumn);
  }

  @Test
  void commitsATransformGraphAndATransformedDatasetWithTheSameSplits() throws IOException {
    String pipeline = pipeline(firstRows(2000), "fare");
    RunOutcome run = project.run(pipeline);
    assertTrue(run.succeeded(), run.error());
    long execution = run.executions().get("preprocess");

    Artifact graphArtifact = output(execution, "graph");
    assertEquals("TransformGraph", graphArtifact.type());
    Manifest graphManifest = project.artifacts.readManifest(graphArtifact.uri()).orElseThrow();
    TransformGraph graph = TransformGraph.fromJson(
        Files.readString(Path.of(graphManifest.location()).resolve(graphManifest.documentPath())));
    assertEquals("train", graph.fitSplit());
    assertEquals(graph.toJson(), Files.readString(Path.of(graphManifest.location()).resolve(graphManifest.documentPath())),
        "the committed document is canonical JSON");

    Manifest examples = project.artifacts.readManifest(output(execution, "examples").uri()).orElseThrow();
    Manifest input = project.artifacts.readManifest(output(run.executions().get("split"), "examples").uri()).orElseThrow();
    assertEquals(splitCounts(input), splitCounts(examples), "every split is transformed, row for row");
    assertEquals(graph.fitRows(), splitCounts(input).get("train"), "fitted on the train split");
    List<String> avroFields = new Schema.Parser().parse(examples.avroSchema()).getFields().stream().map(Schema.Field::name).toList();
    assertEquals(graph.outputSchema().getFieldNames(), avroFields);
    assertEquals(7, avroFields.size(), "one column per feature (4 of them one-hot indices), then the passthrough: " + avroFields);
    assertTrue(graph.describe().contains("start_hour: vocabulary top 24 + 1 oov"), graph.describe());

    RunOutcome again = project.run(pipeline);
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "preprocess", "CACHED"), again.steps());
  }

  @Test
  void unknownColumnIsAOneLineErrorNamingTheKeyAndNothingIsCommitted() throws IOException {
    String pipeline = pipeline(firstRows(40), "farez");
    // the input steps first, so that preprocess is alone in its stage and the run reports its error
    assertTrue(project.run(pipeline.substring(0, pipeline.indexOf("  preprocess:"))).succeeded());
    RunOutcome run = project.run(pipeline);
    assertFalse(run.succeeded());
    assertEquals(Map.of("data", "CACHED", "split", "CACHED", "preprocess", "FAILED"), run.steps());
    assertTrue(project.store.eventsByExecutions(List.of(run.executions().get("preprocess"))).stream()
        .noneMatch(e -> e.type() == Event.Type.OUTPUT), "no output is recorded");
    assertTrue(run.error().startsWith("test.yaml: step 'preprocess': key 'with.features.farez': no column 'farez' in the input; columns are [pickup_community_area, fare,"),
        run.error());
    assertFalse(run.error().contains("\n"));
    assertTrue(run.badInput());
  }

  /** The header and the first {@code n} rows of the taxi CSV, as a file of the project (a smaller job). */
  private Path firstRows(int n) throws IOException {
    Path csv = dir.resolve("taxi-" + n + ".csv");
    Files.write(csv, Files.readAllLines(TaxiRows.CSV).subList(0, n + 1));
    return csv;
  }

  private Map<String, Long> splitCounts(Manifest m) {
    return m.splits().stream().collect(java.util.stream.Collectors.toMap(Manifest.SplitEntry::name, Manifest.SplitEntry::records));
  }

  private Artifact output(long executionId, String port) {
    long id = project.store.eventsByExecutions(List.of(executionId)).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals(port))
        .findFirst().orElseThrow().artifactId();
    return project.store.artifact(id).orElseThrow();
  }
}
