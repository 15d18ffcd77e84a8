package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.step.DatasetRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DirectRunner's write path: a file per bundle, no GroupByKey, fingerprint in the same pass. */
class FilePerBundleWriteTest {
  @TempDir Path tmp;

  private ArtifactStore store() {
    return ArtifactStore.at(tmp.resolve("store").toString());
  }

  private static Pipeline pipeline(boolean filePerBundle) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    p.getOptions().as(DatasetWriteOptions.class).setFilePerBundle(filePerBundle);
    return p;
  }

  /** Rows in three Creates flattened: at least three bundles on the DirectRunner. */
  private static PCollection<Row> rows(Pipeline p, String name, long from, long to) {
    List<PCollection<Row>> parts = new ArrayList<>();
    long step = Math.max(1, (to - from + 2) / 3);
    for (long start = from; start < to; start += step) {
      parts.add(p.apply(name + start, Create.of(TestRows.rows(start, Math.min(to, start + step)))
          .withCoder(RowCoder.of(TestRows.SCHEMA))).setRowSchema(TestRows.SCHEMA));
    }
    return PCollectionList.of(parts).apply(name + "/All", Flatten.pCollections()).setRowSchema(TestRows.SCHEMA);
  }

  private Manifest write(boolean filePerBundle, DatasetFormat format, long executionId) {
    Pipeline p = pipeline(filePerBundle);
    DatasetRows rows = DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", rows(p, "Train", 0, 60), "eval", rows(p, "Eval", 60, 75)));
    OutputTarget target = store().datasetTarget("taxi", "split", "examples", executionId, format);
    DatasetWriter.write(rows, target);
    p.run().waitUntilFinish();
    return store().readManifest(target.uri()).orElseThrow();
  }

  private static List<String> filesBelow(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
    }
  }

  @Test
  void givesTheSameRecordsAndFingerprintsAsFileIoInBothFormats() {
    for (DatasetFormat format : List.of(DatasetFormat.AVRO, DatasetFormat.TFRECORD)) {
      Manifest fileIo = write(false, format, format == DatasetFormat.AVRO ? 1 : 3);
      Manifest bundles = write(true, format, format == DatasetFormat.AVRO ? 2 : 4);
      assertEquals(fileIo.records(), bundles.records());
      assertEquals(fileIo.fingerprint(), bundles.fingerprint(), format.id());
      for (String split : List.of("train", "eval")) {
        assertEquals(fileIo.split(split).orElseThrow().fingerprint(), bundles.split(split).orElseThrow().fingerprint());
        assertEquals(fileIo.split(split).orElseThrow().records(), bundles.split(split).orElseThrow().records());
      }
      assertTrue(bundles.split("train").orElseThrow().files().size() >= 2, "one file per bundle");
      assertTrue(store().verifyContent(bundles).isIntact(), "recorded sizes and checksums match the files");

      Pipeline read = pipeline(false);
      DatasetRows back = DatasetReader.read(read, "examples", bundles, Set.of());
      PAssert.that(back.split("train")).containsInAnyOrder(TestRows.rows(0, 60));
      PAssert.that(back.split("eval")).containsInAnyOrder(TestRows.rows(60, 75));
      read.run().waitUntilFinish();
    }
  }

  @Test
  void namesTheFilesInContentOrderAndLeavesNoStagingFolder() throws IOException {
    Manifest m = write(true, DatasetFormat.AVRO, 1);
    Path dir = tmp.resolve("store/taxi/split/examples/1");
    List<String> listed = new ArrayList<>();
    for (Manifest.SplitEntry split : m.splits()) {
      int n = split.files().size();
      for (int i = 0; i < n; i++) {
        Manifest.FileEntry f = split.files().get(i);
        assertEquals("split=" + split.name() + "/" + BundleFiles.partName(i, n, ".avro"), f.path());
        assertEquals(Files.size(dir.resolve(f.path())), f.sizeBytes());
        assertEquals(Files.getLastModifiedTime(dir.resolve(f.path())).toMillis(), f.modifiedMillis());
        listed.add(f.path());
      }
      List<String> shas = split.files().stream().map(Manifest.FileEntry::sha256).toList();
      assertEquals(shas.stream().sorted().toList(), shas, "part numbers follow the files' checksums");
    }
    listed.add(ArtifactStore.MANIFEST);
    assertEquals(listed.stream().sorted().toList(), filesBelow(dir), "only the listed files and the manifest");
    assertTrue(store().checkIntact(m).isIntact());
  }

  @Test
  void removesFilesAFailedBundleLeftInTheStagingFolder() throws IOException {
    Pipeline p = pipeline(true);
    OutputTarget target = store().datasetTarget("taxi", "data", "examples", 5, DatasetFormat.AVRO);
    DatasetWriter.write(DatasetRows.of(rows(p, "Rows", 0, 9)), target);
    Path staging = Path.of(target.uri()).resolve(WriteBundleFilesFn.STAGING);
    Files.createDirectories(staging);
    Files.write(staging.resolve("left-by-a-failed-bundle.avro"), new byte[] {1, 2, 3});
    p.run().waitUntilFinish();

    Manifest m = store().readManifest(target.uri()).orElseThrow();
    assertEquals(9, m.records());
    assertFalse(Files.exists(staging));
  }

  @Test
  void aFailingGateLeavesNoManifestAndNoNamedFile() throws IOException {
    Pipeline p = pipeline(true);
    PCollection<Integer> gate = p.apply("Check", Create.of(1, 2)).apply("Fail", ParDo.of(new FailFn()));
    OutputTarget target = store().datasetTarget("taxi", "data", "examples", 6, DatasetFormat.AVRO);
    DatasetWriter.write(DatasetRows.of(rows(p, "Rows", 0, 9)).commitAfter(gate), target);
    assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    // The DirectRunner throws at the first failure while bundles already started may still be
    // writing their staging files; look (and let JUnit delete the folder) once they have stopped.
    Path dir = Path.of(target.uri());
    QuietFolder.await(tmp);

    assertTrue(store().readManifest(target.uri()).isEmpty());
    if (Files.exists(dir)) {
      assertTrue(filesBelow(dir).stream().noneMatch(f -> f.startsWith("part-")), "files keep staging names until the commit");
    }
  }

  static final class FailFn extends DoFn<Integer, Integer> {
    @ProcessElement
    public void process(@Element Integer i) {
      throw new IllegalStateException("gate failed on " + i);
    }
  }

  @Test
  void anEmptySplitGetsOneFileWithTheSchemaAndTheEmptyFingerprint() {
    Pipeline p = pipeline(true);
    DatasetRows rows = DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", rows(p, "Train", 0, 5),
        "eval", p.apply("Eval", Create.empty(RowCoder.of(TestRows.SCHEMA))).setRowSchema(TestRows.SCHEMA)));
    OutputTarget target = store().datasetTarget("taxi", "split", "examples", 7, DatasetFormat.AVRO);
    DatasetWriter.write(rows, target);
    p.run().waitUntilFinish();

    Manifest.SplitEntry eval = store().readManifest(target.uri()).orElseThrow().split("eval").orElseThrow();
    assertEquals(0, eval.records());
    assertEquals(RowFingerprint.forSchema(TestRows.SCHEMA).of(List.of()).fingerprint(), eval.fingerprint());
    assertEquals(List.of("split=eval/part-00000-of-00001.avro"), eval.files().stream().map(Manifest.FileEntry::path).toList());

    Pipeline read = pipeline(false);
    PAssert.that(DatasetReader.read(read, "examples", store().readManifest(target.uri()).orElseThrow(), Set.of("eval"))
        .split("eval")).empty();
    read.run().waitUntilFinish();
  }

  @Test
  void finishingTwiceAfterARetriedCommitListsTheSameFiles() throws IOException {
    Path dir = tmp.resolve("artifact");
    Path staging = dir.resolve(WriteBundleFilesFn.STAGING);
    Files.createDirectories(staging);
    List<BundleFile> staged = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      Path f = staging.resolve(name + ".bin");
      byte[] bytes = ("content of " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Files.write(f, bytes);
      staged.add(new BundleFile(f.toString(), bytes.length,
          dev.kiln.core.fingerprint.Sha256.hex(bytes), 1, 7, 9));
    }
    String dirUri = dir + "/";
    RowFingerprint fp = RowFingerprint.forSchema(TestRows.SCHEMA);
    BundleFiles.Finished first = BundleFiles.finish(dirUri, dirUri, ".bin", staged, unused -> null, fp);
    BundleFiles.Finished again = BundleFiles.finish(dirUri, dirUri, ".bin", staged, unused -> null, fp);

    assertEquals(first, again);
    assertEquals(List.of("part-00000-of-00002.bin", "part-00001-of-00002.bin"), filesBelow(dir));
    assertEquals(2, first.digest().records());
  }

  @Test
  void countsRecordsPerSplitOnceABundle() {
    Pipeline p = pipeline(true);
    OutputTarget target = store().datasetTarget("taxi", "split", "examples", 8, DatasetFormat.AVRO);
    DatasetWriter.write(DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", rows(p, "Train", 0, 12), "eval", rows(p, "Eval", 12, 15))), target);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(12, counter(result, "records:split.examples:train"));
    assertEquals(3, counter(result, "records:split.examples:eval"));
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("kiln", name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}
