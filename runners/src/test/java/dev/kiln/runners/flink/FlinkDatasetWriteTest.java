package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetFormat;
import dev.kiln.core.artifact.DatasetWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.artifact.OutputTarget;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.runners.DirectBackend;
import dev.kiln.core.run.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkJobGraphs;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets on embedded Flink are written in the producer's own pass, one file per task: Flink's batch
 * DoFn bundle is a whole task, so the file-per-bundle write needs neither FileIO's shuffle nor a
 * separate fingerprint combine, and gives the DirectRunner's records and fingerprints.
 */
class FlinkDatasetWriteTest {
  /** More rows than any bundle-size setting of Beam's Flink runner (1,000 streaming, 5,000 batch). */
  static final int ROWS = 12_000;
  static final Schema SCHEMA = Schema.builder().addInt64Field("id").addStringField("name").addDoubleField("x").build();

  @TempDir Path tmp;

  /** Counts the bundles it sees and passes rows on: stands in for a step's last transform. */
  static final class Shape extends DoFn<Long, Row> {
    private final Counter bundles = Metrics.counter("test", "bundles");

    @StartBundle
    public void start() {
      bundles.inc();
    }

    @ProcessElement
    public void process(@Element Long id, OutputReceiver<Row> out) {
      out.output(Row.withSchema(SCHEMA).addValues(id, "n" + id % 97, id * 0.5).build());
    }
  }

  /** ids -> Shape -> a dataset with splits "a" (even ids) and "b" (odd ids). */
  private OutputTarget build(Pipeline p, long executionId) {
    // a source Flink splits over its tasks, as Kiln's readers of files in ranges are
    PCollection<Row> rows = p.apply("Ids", GenerateSequence.from(0).to(ROWS))
        .apply("Shape", ParDo.of(new Shape())).setRowSchema(SCHEMA);
    PCollection<Row> a = rows.apply("A", org.apache.beam.sdk.transforms.Filter.by((Row r) -> r.getInt64("id") % 2 == 0))
        .setRowSchema(SCHEMA);
    PCollection<Row> b = rows.apply("B", org.apache.beam.sdk.transforms.Filter.by((Row r) -> r.getInt64("id") % 2 == 1))
        .setRowSchema(SCHEMA);
    OutputTarget target = ArtifactStore.at(tmp.resolve("store").toString())
        .datasetTarget("p", "shape", "examples", executionId, DatasetFormat.AVRO);
    DatasetWriter.write(DatasetRows.ofSplits(SCHEMA, Map.of("a", a, "b", b)), target);
    return target;
  }

  private Manifest run(Backend backend, long executionId) {
    Pipeline p = backend.newPipeline("write-" + executionId);
    OutputTarget target = build(p, executionId);
    var result = backend.start(p);
    result.waitUntilFinish();
    if (backend instanceof FlinkBackend) {
      bundles = 0;
      for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.named("test", "bundles")).build()).getCounters()) {
        bundles += c.getAttempted();
      }
    }
    return ArtifactStore.at(tmp.resolve("store").toString()).readManifest(target.uri()).orElseThrow();
  }

  private long bundles;

  @Test
  void aBatchBundleIsAWholeTaskSoEachTaskWritesOneFilePerSplit() throws IOException {
    Manifest flink = run(FlinkBackend.embedded(2), 1);

    assertEquals(2, bundles, "one bundle per task of " + ROWS + " rows at parallelism 2");
    assertEquals(ROWS, flink.records());
    for (Manifest.SplitEntry split : flink.splits()) {
      assertEquals(ROWS / 2, split.records());
      assertTrue(split.files().size() <= 2, split.name() + ": " + split.files());
    }
    Path dir = Path.of(flink.location().replaceFirst("^file:", ""));
    List<String> listed = new ArrayList<>(flink.splits().stream()
        .flatMap(s -> s.files().stream()).map(Manifest.FileEntry::path).toList());
    listed.add("_MANIFEST.json");
    assertEquals(listed.stream().sorted().toList(), filesBelow(dir), "no staging or stray files");
  }

  @Test
  void givesTheDirectRunnersRecordsAndFingerprints() {
    Manifest direct = run(DirectBackend.forRuns(), 2);
    Manifest flink = run(FlinkBackend.embedded(2), 3);

    assertEquals(direct.records(), flink.records());
    assertEquals(direct.fingerprint(), flink.fingerprint());
    for (String split : List.of("a", "b")) {
      assertEquals(direct.split(split).orElseThrow().fingerprint(), flink.split(split).orElseThrow().fingerprint());
    }
  }

  @Test
  void theWriterIsChainedToTheStepsLastTransformAndNothingElseReadsTheRows() {
    Pipeline p = FlinkBackend.embedded(2).newPipeline("graph");
    build(p, 4);

    List<FlinkJobGraphs.Task> tasks = FlinkJobGraphs.tasks(p);

    for (String split : List.of("a", "b")) {
      FlinkJobGraphs.Task writer =
          tasks.stream().filter(t -> t.runs("split=" + split + "/WriteBundles")).findFirst().orElseThrow();
      String producer = split.toUpperCase(java.util.Locale.ROOT) + "/ParDo";
      assertTrue(writer.runs(producer), "split " + split + " is written in the task that makes its rows: " + writer.name());
    }
    assertTrue(tasks.stream().noneMatch(t -> t.runs("Fingerprint")), "no separate fingerprint combine");
  }

  private static List<String> filesBelow(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
    }
  }
}
