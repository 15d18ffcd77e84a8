package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetFormat;
import dev.kiln.core.artifact.DatasetReader;
import dev.kiln.core.artifact.DatasetWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.artifact.OutputTarget;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.testing.TestProject;
import dev.kiln.ml.validate.RunDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code statistics} step over a committed Avro dataset folds the records while reading the files
 * ({@link AvroFileStatistics}) instead of reading them into Rows first, and gives the same bytes.
 */
class StoredStatisticsTest {
  @TempDir static Path dir;
  /** The first 4,000 taxi rows as a committed Avro dataset with splits train and eval, one file per split. */
  private static Manifest oneFile;
  /** The same with three files per split. */
  private static Manifest threeFiles;

  @BeforeAll
  static void commitTaxiSplits() {
    oneFile = commit(1, 1);
    threeFiles = commit(3, 2);
  }

  private static Manifest commit(int shards, long execution) {
    Schema schema = TaxiData.csvSchema();
    List<Row> rows = TaxiData.csvRows(schema);
    ArtifactStore store = ArtifactStore.at(dir.resolve("store").toString());
    Pipeline p = pipeline();
    DatasetRows split = DatasetRows.ofSplits(schema, Map.of(
        "train", create(p, "Train", rows.subList(0, 3_200), schema),
        "eval", create(p, "Eval", rows.subList(3_200, 4_000), schema)));
    OutputTarget target = store.datasetTarget("taxi", "split", "examples", execution, DatasetFormat.AVRO).withNumShards(shards);
    DatasetWriter.write(split, target);
    p.run().waitUntilFinish();
    return store.readManifest(target.uri()).orElseThrow();
  }

  @Test
  void theStepFoldsTheCommittedFilesAndGivesByteIdenticalJsonToTheRowPath() throws IOException {
    // One file per split: both paths fold each split's records in file order into one accumulator.
    String step = stepJson(oneFile);
    String rows = rowPathJson(oneFile);

    assertEquals(rows, step);
    StatisticsDocument document = StatisticsJson.documentFromJson(step);
    assertEquals(3_200, document.split("train").rows());
    assertEquals(800, document.split("eval").rows());
  }

  @Test
  void withSeveralFilesTheFiguresAgreeAsTheRowPathsOwnBundlingsDo() throws IOException {
    // Several files: the parts differ from the Row path's bundles, so (as between two runners) exact
    // figures are equal and moments agree to rounding; the sketches stay within their bounds.
    StatisticsDocument step = StatisticsJson.documentFromJson(stepJson(threeFiles));
    StatisticsDocument rows = StatisticsJson.documentFromJson(rowPathJson(threeFiles));
    assertEquals(rows.splits().keySet(), step.splits().keySet());
    for (String split : rows.splits().keySet()) {
      MergeIndependenceTest.assertSameStatistics(rows.split(split), step.split(split), "split " + split);
    }
  }

  @Test
  void throughTheOrchestratorACachedDatasetGivesTheFiguresOfTheSameStageRun() {
    String first = """
        kiln: 1
        pipeline: stored
        steps:
          csv:    { uses: csv, with: { path: %s } }
          split:  { uses: split, in: { examples: csv.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
          inline: { uses: statistics, in: { examples: split.examples } }
        """.formatted(TaxiData.csv());
    try (TestProject project = new TestProject(dir.resolve("project"))) {
      RunOutcome one = project.run(first);
      assertTrue(one.succeeded(), one.error());
      // csv and split are cached now: 'later' reads the committed split artifact in its own stage
      // (another topK than 'inline', or it would be a cache hit of the same step)
      RunOutcome two = project.run(first + "  later:  { uses: statistics, in: { examples: split.examples }, with: { topK: 19 } }\n");
      assertTrue(two.succeeded(), two.error());
      assertEquals("CACHED", two.steps().get("split"));
      assertEquals("COMPLETE", two.steps().get("later"));

      StatisticsDocument inline = StatisticsJson.documentFromJson(RunDocuments.json(project, one, "inline", "statistics"));
      StatisticsDocument later = StatisticsJson.documentFromJson(RunDocuments.json(project, two, "later", "statistics"));
      assertEquals(List.of("eval", "train"), List.copyOf(later.splits().keySet()));
      for (String split : inline.splits().keySet()) {
        MergeIndependenceTest.assertSameStatistics(inline.split(split), later.split(split), "split " + split);
      }
      assertEquals(10_000, later.split("eval").rows() + later.split("train").rows());
    }
  }

  /** The statistics step's document, as a later stage runs it on a committed dataset. */
  private static String stepJson(Manifest manifest) throws IOException {
    Pipeline p = pipeline();
    DatasetRows stored = DatasetReader.read(p, "stats/read-examples", manifest, Set.of());
    Map<String, PortValue> out = new StatisticsStep(StatisticsStep.Config.defaults())
        .expand(new StepContext(p, "stats", dir, "test.yaml"), Map.of("examples", stored));
    Path json = capture(((Document) out.get("statistics")).json(), "step");
    assertFalse(stored.isRead(), "the step never asked for the rows");
    List<String> names = transformNames(p);
    assertTrue(names.stream().anyMatch(n -> n.endsWith("FoldFiles")), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.contains("ReadAvro")), names.toString());
    p.run().waitUntilFinish();
    return Files.readString(json, StandardCharsets.UTF_8);
  }

  /** The Row path: the same files read into Rows, DatasetStatistics per split, the same document. */
  private static String rowPathJson(Manifest manifest) throws IOException {
    Pipeline p = pipeline();
    DatasetRows rows = DatasetReader.read(p, "examples", manifest, Set.of());
    Map<String, Path> perSplit = new TreeMap<>();
    for (Map.Entry<String, PCollection<Row>> split : rows.splits().entrySet()) {
      perSplit.put(split.getKey(), capture(
          split.getValue().apply("Statistics" + split.getKey(), DatasetStatistics.of())
              .apply("Json" + split.getKey(), ParDo.of(new ToJsonFn())), split.getKey()));
    }
    p.run().waitUntilFinish();
    Map<String, Statistics> statistics = new TreeMap<>();
    for (Map.Entry<String, Path> e : perSplit.entrySet()) {
      statistics.put(e.getKey(), StatisticsJson.fromJson(Files.readString(e.getValue(), StandardCharsets.UTF_8)));
    }
    return StatisticsJson.toJson(StatisticsDocument.of(statistics));
  }

  @Test
  void rowsMadeInTheSameStageKeepTheRowPath() {
    Pipeline p = pipeline();
    Schema schema = TaxiData.csvSchema();
    DatasetRows rows = DatasetRows.of(create(p, "Rows", TaxiData.csvRows(schema).subList(0, 100), schema));
    new StatisticsStep(StatisticsStep.Config.defaults()).expand(new StepContext(p, "stats", dir, "test.yaml"), Map.of("examples", rows));
    List<String> names = transformNames(p);
    assertTrue(names.stream().anyMatch(n -> n.endsWith("CombineInBundles/AddInputs")), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.endsWith("FoldFiles")), names.toString());
  }

  @Test
  void aBadFileIsNamedInTheError() throws IOException {
    Path bad = dir.resolve("not-avro.avro");
    Files.writeString(bad, "these bytes are not an Avro data file");
    Pipeline p = pipeline();
    p.apply(AvroFileStatistics.of(List.of(bad.toString()), TaxiData.csvSchema(), StatisticsOptions.defaults()));
    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    String message = String.valueOf(e.getMessage()) + " " + String.valueOf(e.getCause());
    assertTrue(message.contains("not-avro.avro"), message);
  }

  @Test
  void noFilesGiveTheStatisticsOfNoRows() {
    StatisticsRun run = new StatisticsRun(dir);
    run.capture("None", run.pipeline().apply(AvroFileStatistics.of(List.of(), TaxiData.csvSchema(), StatisticsOptions.defaults())));
    assertEquals(0, run.run().get("None").rows());
  }

  private static Pipeline pipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class); // enforcement on, the default
    return Pipeline.create(options);
  }

  private static PCollection<Row> create(Pipeline p, String name, List<Row> rows, Schema schema) {
    return p.apply(name, Create.of(rows).withCoder(RowCoder.of(schema))).setRowSchema(schema);
  }

  private static Path capture(PCollection<String> json, String name) {
    Path file = dir.resolve(name + "-" + System.nanoTime() + ".json");
    json.apply("Write" + name, ParDo.of(new WriteFn(file.toString())));
    return file;
  }

  private static List<String> transformNames(Pipeline p) {
    List<String> names = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        names.add(node.getFullName());
        return CompositeBehavior.ENTER_TRANSFORM;
      }

      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        names.add(node.getFullName());
      }
    });
    return names;
  }

  private static final class ToJsonFn extends DoFn<Statistics, String> {
    @ProcessElement
    public void process(@Element Statistics s, OutputReceiver<String> out) {
      out.output(StatisticsJson.toJson(s));
    }
  }

  private static final class WriteFn extends DoFn<String, Void> {
    private final String file;

    WriteFn(String file) {
      this.file = file;
    }

    @ProcessElement
    public void process(@Element String json) throws IOException {
      Files.writeString(Files.createFile(Path.of(file)), json, StandardCharsets.UTF_8);
    }
  }
}
