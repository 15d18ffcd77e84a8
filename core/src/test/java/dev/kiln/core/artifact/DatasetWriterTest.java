package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.step.DatasetRows;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {
  @TempDir Path tmp;

  private ArtifactStore store() {
    return ArtifactStore.at(tmp.resolve("store").toString());
  }

  /** Writes train and eval splits to a fresh execution directory and returns the committed manifest. */
  private Manifest writeSplits(DatasetFormat format, List<Row> train, List<Row> eval, int shards, long executionId) {
    Pipeline p = TestRows.pipeline();
    DatasetRows rows = DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", create(p, "Train", train),
        "eval", create(p, "Eval", eval)));
    OutputTarget target = store().datasetTarget("taxi", "split", "examples", executionId, format).withNumShards(shards);
    DatasetWriter.write(rows, target);
    p.run().waitUntilFinish();
    return store().readManifest(target.uri()).orElseThrow();
  }

  private static PCollection<Row> create(Pipeline p, String name, List<Row> rows) {
    return p.apply(name, Create.of(rows).withCoder(RowCoder.of(TestRows.SCHEMA))).setRowSchema(TestRows.SCHEMA);
  }

  @Test
  void theCommitStartsWhenTheRowsAreWrittenNotAtTheJobsStart() {
    Pipeline p = TestRows.pipeline();
    p.getOptions().as(DatasetWriteOptions.class).setFilePerBundle(true);
    DatasetRows rows = DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", create(p, "Train", TestRows.rows(0, 4)), "eval", create(p, "Eval", TestRows.rows(4, 5))));
    DatasetWriter.write(rows, store().datasetTarget("taxi", "split", "examples", 1, DatasetFormat.AVRO));
    // a commit reading the staged files as side inputs, started by a bare Create, is polled by the DirectRunner
    assertEquals(List.of(), dev.kiln.core.testing.PolledParDos.in(p));
  }

  @Test
  void writesAndReadsBackASplitDatasetInBothFormatsWithTheSameFingerprint() {
    List<Row> train = TestRows.rows(0, 40);
    List<Row> eval = TestRows.rows(40, 50);
    Manifest avro = writeSplits(DatasetFormat.AVRO, train, eval, 2, 1);
    Manifest tfrecord = writeSplits(DatasetFormat.TFRECORD, train, eval, 2, 2);

    for (Manifest m : List.of(avro, tfrecord)) {
      assertEquals(50, m.records());
      assertEquals(List.of("eval", "train"), m.splitNames());
      assertEquals(40, m.split("train").orElseThrow().records());
      assertEquals(2, m.split("train").orElseThrow().files().size());
      assertEquals(TestRows.SCHEMA, m.beamSchema());

      Pipeline p = TestRows.pipeline();
      DatasetRows back = DatasetReader.read(p, "examples", m, Set.of());
      PAssert.that(back.split("train")).containsInAnyOrder(train);
      PAssert.that(back.split("eval")).containsInAnyOrder(eval);
      // What is read back fingerprints to what the manifest recorded.
      PAssert.thatSingleton(back.split("train").apply(Combine.globally(RowFingerprint.forSchema(TestRows.SCHEMA))))
          .isEqualTo(new RowFingerprint.Digest(40, m.split("train").orElseThrow().fingerprint()));
      p.run().waitUntilFinish();
    }
    assertEquals(avro.fingerprint(), tfrecord.fingerprint());
    assertEquals(avro.split("train").orElseThrow().fingerprint(), tfrecord.split("train").orElseThrow().fingerprint());
    assertEquals("avro", avro.format().id());
    assertEquals("tfrecord", tfrecord.format().id());
  }

  @Test
  void fingerprintIgnoresOrderAndShardingButNotContent() {
    List<Row> rows = TestRows.rows(0, 30);
    List<Row> reversed = new ArrayList<>(rows);
    Collections.reverse(reversed);
    List<Row> changed = new ArrayList<>(rows);
    changed.set(7, Row.fromRow(rows.get(7)).withFieldValue("fare", 99.5).build());

    Manifest one = writeSplits(DatasetFormat.AVRO, rows, List.of(), 1, 1);
    Manifest three = writeSplits(DatasetFormat.AVRO, reversed, List.of(), 3, 2);
    Manifest other = writeSplits(DatasetFormat.AVRO, changed, List.of(), 1, 3);

    assertEquals(1, one.split("train").orElseThrow().files().size());
    assertEquals(3, three.split("train").orElseThrow().files().size());
    assertEquals(one.fingerprint(), three.fingerprint());
    assertNotEquals(one.fingerprint(), other.fingerprint());
    assertEquals(one.split("eval").orElseThrow().fingerprint(), other.split("eval").orElseThrow().fingerprint());
  }

  @Test
  void manifestListsEveryFileWithItsSizeAndTheLayoutIsAsDocumented() throws IOException {
    Manifest m = writeSplits(DatasetFormat.AVRO, TestRows.rows(0, 20), TestRows.rows(20, 25), 2, 7);
    Path dir = tmp.resolve("store/taxi/split/examples/7");
    assertEquals(dir + "/", m.location());
    assertTrue(Files.exists(dir.resolve(ArtifactStore.MANIFEST)));

    List<String> listed = new ArrayList<>();
    for (Manifest.SplitEntry split : m.splits()) {
      for (Manifest.FileEntry f : split.files()) {
        listed.add(f.path());
        Path file = dir.resolve(f.path());
        assertEquals(Files.size(file), f.sizeBytes(), f.path());
        assertEquals(Files.getLastModifiedTime(file).toMillis(), f.modifiedMillis(), f.path());
      }
    }
    assertEquals(List.of("split=eval/part-00000-of-00002.avro", "split=eval/part-00001-of-00002.avro",
        "split=train/part-00000-of-00002.avro", "split=train/part-00001-of-00002.avro"), listed);
    try (Stream<Path> all = Files.walk(dir)) {
      List<String> dataFiles = all.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
          .filter(f -> f.endsWith(".avro")).sorted().toList();
      assertEquals(listed, dataFiles, "every data file in the folder is in the manifest");
    }
    try (Stream<Path> all = Files.walk(dir)) {
      assertFalse(all.anyMatch(f -> f.toString().contains(".temp-beam")), "no staging folders left");
    }
    assertTrue(store().checkIntact(m).isIntact());
    assertTrue(store().verifyContent(m).isIntact());
  }

  @Test
  void kilnWrittenAvroFilesReadWithPlainAvro() throws IOException {
    Manifest m = writeSplits(DatasetFormat.AVRO, TestRows.rows(0, 20), TestRows.rows(20, 25), 2, 1);
    long count = 0;
    for (Manifest.SplitEntry split : m.splits()) {
      for (Manifest.FileEntry f : split.files()) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(
            Path.of(m.location()).resolve(f.path()).toFile(), new GenericDatumReader<>())) {
          assertEquals(m.avroSchema(), reader.getSchema().toString());
          for (GenericRecord r : reader) {
            assertTrue(r.get("id") instanceof Long);
            count++;
          }
        }
      }
    }
    assertEquals(25, count);
  }

  @Test
  void kilnWrittenTfRecordFilesHaveValidFraming() throws IOException {
    Manifest m = writeSplits(DatasetFormat.TFRECORD, TestRows.rows(0, 20), TestRows.rows(20, 25), 2, 1);
    long count = 0;
    for (Manifest.SplitEntry split : m.splits()) {
      for (Manifest.FileEntry f : split.files()) {
        assertTrue(f.path().endsWith(".tfrecord"), f.path());
        count += countFramedRecords(Files.readAllBytes(Path.of(m.location()).resolve(f.path())));
      }
    }
    assertEquals(25, count);
  }

  /** An independent TFRecord framing check: uint64 length, masked crc32c(length), data, masked crc32c(data). */
  private static long countFramedRecords(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long records = 0;
    while (b.hasRemaining()) {
      byte[] len = new byte[8];
      b.get(len);
      assertEquals(masked(len), b.getInt(), "length crc of record " + records);
      byte[] data = new byte[(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      b.get(data);
      assertEquals(masked(data), b.getInt(), "data crc of record " + records);
      records++;
    }
    return records;
  }

  private static int masked(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return Integer.rotateRight((int) crc.getValue(), 15) + 0xa282ead8;
  }

  @Test
  void countsRecordsPerSplitInBeamMetrics() {
    Pipeline p = TestRows.pipeline();
    DatasetRows rows = DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", create(p, "Train", TestRows.rows(0, 12)), "eval", create(p, "Eval", TestRows.rows(12, 15))));
    DatasetWriter.write(rows, store().datasetTarget("taxi", "split", "examples", 1, DatasetFormat.AVRO));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(12, counter(result, "records:split.examples:train"));
    assertEquals(3, counter(result, "records:split.examples:eval"));
  }

  private static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named("kiln", name)).build());
    long sum = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  @Test
  void aFailingCommitAfterGateLeavesNoManifest() throws IOException {
    Pipeline p = TestRows.pipeline();
    PCollection<Integer> gate = p.apply("Check", Create.of(1, 2, 3)).apply("TooManyRejects", ParDo.of(new FailingCheck()));
    DatasetRows rows = DatasetRows.of(create(p, "Rows", TestRows.rows(0, 10))).commitAfter(gate);
    OutputTarget target = store().datasetTarget("taxi", "data", "examples", 1, DatasetFormat.AVRO);
    DatasetWriter.write(rows, target);

    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    assertTrue(String.valueOf(e.getMessage()).contains("too many rejected rows"), e.getMessage());
    QuietFolder.await(tmp);
    assertTrue(store().readManifest(target.uri()).isEmpty());
    Path dir = Path.of(target.uri());
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        assertFalse(all.anyMatch(f -> f.getFileName().toString().startsWith("_MANIFEST")), "no manifest in " + dir);
      }
    }
  }

  private static final class FailingCheck extends DoFn<Integer, Integer> {
    @ProcessElement
    public void process(@Element Integer i, OutputReceiver<Integer> out) {
      if (i == 3) {
        throw new IllegalStateException("too many rejected rows");
      }
      out.output(i);
    }
  }

  @Test
  void aPassingGateAndAnEmptySplitStillCommit() {
    Pipeline p = TestRows.pipeline();
    PCollection<Integer> gate = p.apply("Check", Create.of(1, 2));
    DatasetRows rows = DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", create(p, "Train", TestRows.rows(0, 5)),
        "eval", p.apply("Eval", Create.empty(RowCoder.of(TestRows.SCHEMA))).setRowSchema(TestRows.SCHEMA)))
        .commitAfter(gate);
    OutputTarget target = store().datasetTarget("taxi", "split", "examples", 1, DatasetFormat.TFRECORD);
    DatasetWriter.write(rows, target);
    p.run().waitUntilFinish();

    Manifest m = store().readManifest(target.uri()).orElseThrow();
    Manifest.SplitEntry eval = m.split("eval").orElseThrow();
    assertEquals(0, eval.records());
    assertEquals(RowFingerprint.forSchema(TestRows.SCHEMA).of(List.of()).fingerprint(), eval.fingerprint());
    assertEquals(5, m.records());
    assertTrue(store().checkIntact(m).isIntact());

    Pipeline read = TestRows.pipeline();
    PAssert.that(DatasetReader.read(read, "examples", m, Set.of("eval")).split("eval")).empty();
    read.run().waitUntilFinish();
  }

  @Test
  void anUnsplitDatasetKeepsItsFilesInTheArtifactDirectory() {
    Pipeline p = TestRows.pipeline();
    OutputTarget target = store().datasetTarget("taxi", "data", "examples", 3, DatasetFormat.AVRO).withNumShards(1);
    DatasetWriter.write(DatasetRows.of(create(p, "Rows", TestRows.rows(0, 8))), target);
    p.run().waitUntilFinish();

    Manifest m = store().readManifest(target.uri()).orElseThrow();
    assertEquals(List.of(""), m.splitNames());
    assertEquals("part-00000-of-00001.avro", m.splits().get(0).files().get(0).path());

    Pipeline read = TestRows.pipeline();
    DatasetRows back = DatasetReader.read(read, "examples", m, Set.of());
    assertFalse(back.isSplit());
    PAssert.that(back.rows()).containsInAnyOrder(TestRows.rows(0, 8));
    read.run().waitUntilFinish();
  }

  @Test
  void twoDatasetsWriteInOnePipeline() {
    Pipeline p = TestRows.pipeline();
    PCollection<Row> rows = create(p, "Rows", TestRows.rows(0, 4));
    OutputTarget a = store().datasetTarget("taxi", "data", "examples", 1, DatasetFormat.AVRO);
    OutputTarget b = store().datasetTarget("taxi", "copy", "examples", 2, DatasetFormat.TFRECORD);
    DatasetWriter.write(DatasetRows.of(rows), a);
    DatasetWriter.write(DatasetRows.of(rows), b);
    p.run().waitUntilFinish();
    assertEquals(store().readManifest(a.uri()).orElseThrow().fingerprint(),
        store().readManifest(b.uri()).orElseThrow().fingerprint());
  }

  @Test
  void readingAMissingSplitNamesTheSplitsThereAre() {
    Manifest m = writeSplits(DatasetFormat.AVRO, TestRows.rows(0, 3), TestRows.rows(3, 4), 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetReader.read(TestRows.pipeline(), "examples", m, Set.of("test")));
    assertTrue(e.getMessage().contains("has no split 'test'; it has [eval, train]"), e.getMessage());
  }

  @Test
  void aSchemaTheFormatCannotHoldFailsWhenThePipelineIsBuilt() {
    // Top-level columns may have any name (AvroSchemas maps them); a nested row's fields may not.
    Schema inner = Schema.builder().addInt64Field("trip-miles").build();
    Schema schema = Schema.builder().addRowField("trip", inner).build();
    Pipeline p = TestRows.pipeline();
    Row row = Row.withSchema(schema).addValue(Row.withSchema(inner).addValue(1L).build()).build();
    PCollection<Row> rows = p.apply(Create.of(row).withCoder(RowCoder.of(schema)))
        .setRowSchema(schema);
    OutputTarget target = store().datasetTarget("taxi", "data", "examples", 1, DatasetFormat.AVRO);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetWriter.write(DatasetRows.of(rows), target));
    assertTrue(e.getMessage().startsWith("dataset data.examples: the schema cannot be written as Avro"), e.getMessage());
    assertTrue(e.getMessage().contains("trip-miles"), e.getMessage());
  }
}
