package dev.kiln.runners.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactFolders;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetFormat;
import dev.kiln.core.artifact.DatasetReader;
import dev.kiln.core.artifact.DatasetWriter;
import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.artifact.OutputTarget;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.runners.gcp.testing.LocalGcsServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The artifact store on gs://, through Beam's GcsFileSystem and the Cloud Storage client, against the local GCS server. */
class GcsArtifactStoreTest {
  static final Schema SCHEMA = Schema.builder().addInt64Field("id").addStringField("name").build();

  private LocalGcsServer gcs;
  private ArtifactStore store;

  @BeforeEach
  void setUp() {
    gcs = new LocalGcsServer().createBucket("kiln-test");
    FileSystemSetup.configure(new GcpSettings("local-project", gcs.endpoint(), null).beamArgs());
    store = ArtifactStore.at("gs://kiln-test/root");
  }

  @AfterEach
  void tearDown() {
    gcs.close();
  }

  static Pipeline pipeline() {
    DirectOptions options = FileSystemSetup.newOptions().as(DirectOptions.class);
    options.setRunner(DirectRunner.class); // enforcement checks stay on (the default)
    return Pipeline.create(options);
  }

  static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(Row.withSchema(SCHEMA).addValues(i, "row-" + i).build());
    }
    return rows;
  }

  private Manifest write(long executionId, List<Row> rows) {
    Pipeline p = pipeline();
    PCollection<Row> in = p.apply(Create.of(rows).withCoder(RowCoder.of(SCHEMA))).setRowSchema(SCHEMA);
    OutputTarget target = store.datasetTarget("taxi", "data", "examples", executionId, DatasetFormat.AVRO).withNumShards(2);
    DatasetWriter.write(DatasetRows.of(in), target);
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    return store.readManifest(target.uri()).orElseThrow();
  }

  @Test
  @Tag("e2e") // one Beam pipeline
  void theDirectRunnersFilePerBundleWriteCommitsOnGcsWithoutLeftovers() {
    Pipeline p = pipeline();
    p.getOptions().as(dev.kiln.core.artifact.DatasetWriteOptions.class).setFilePerBundle(true);
    PCollection<Row> in = p.apply(Create.of(rows(30)).withCoder(RowCoder.of(SCHEMA))).setRowSchema(SCHEMA);
    OutputTarget target = store.datasetTarget("taxi", "data", "examples", 21, DatasetFormat.AVRO);
    DatasetWriter.write(DatasetRows.of(in), target);
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    Manifest m = store.readManifest(target.uri()).orElseThrow();

    assertEquals(30, m.records());
    assertTrue(store.verifyContent(m).isIntact(), "checksums taken while writing match what was uploaded");
    List<String> names = gcs.names("kiln-test", "root/taxi/data/examples/21/");
    List<String> listed = new ArrayList<>();
    listed.add("root/taxi/data/examples/21/_MANIFEST.json");
    m.splits().get(0).files().forEach(f -> listed.add("root/taxi/data/examples/21/" + f.path()));
    assertEquals(listed.stream().sorted().toList(), names, "only data and manifest, no staging files");
  }

  @Test
  @Tag("e2e") // two Beam pipelines: several seconds
  void writesCommitsAndReadsBackADatasetOnGcs() {
    Manifest m = write(7, rows(30));

    assertEquals(30, m.records());
    assertEquals("gs://kiln-test/root/taxi/data/examples/7/", m.location());
    assertTrue(store.checkIntact(m).isIntact(), store.checkIntact(m).toString());
    assertTrue(store.verifyContent(m).isIntact(), "checksums match what was uploaded");
    List<String> names = gcs.names("kiln-test", "root/taxi/data/examples/7/");
    assertEquals(List.of("root/taxi/data/examples/7/_MANIFEST.json",
        "root/taxi/data/examples/7/part-00000-of-00002.avro",
        "root/taxi/data/examples/7/part-00001-of-00002.avro"), names, "only data and manifest, no temporary files");

    Pipeline read = pipeline();
    DatasetRows back = DatasetReader.read(read, "read", m, Set.copyOf(m.splitNames()));
    PAssert.that(back.split("")).containsInAnyOrder(rows(30));
    assertEquals(PipelineResult.State.DONE, read.run().waitUntilFinish());

    List<String> log = gcs.requests();
    assertTrue(log.stream().anyMatch(r -> r.contains("uploadType=resumable")), "Beam uploads data files resumably");
    assertTrue(log.stream().anyMatch(r -> r.startsWith("POST /batch/storage/v1")), "Beam batches gets and deletes");
    assertTrue(log.stream().anyMatch(r -> r.contains("/rewriteTo/")), "Beam renames by rewrite");
    assertTrue(log.contains("insert kiln-test/root/taxi/data/examples/7/_MANIFEST.json ifGenerationMatch=0"),
        "the manifest is created with ifGenerationMatch=0: " + log);
  }

  @Test
  void aSecondCommitIsRefusedByTheServiceAndTheFirstManifestStays() {
    String uri8 = store.datasetUri("taxi", "data", "examples", 8);
    Manifest first = store.commit(uri8, manifest(3));
    byte[] before = gcs.object("kiln-test", "root/taxi/data/examples/8/_MANIFEST.json").orElseThrow().data();

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.commit(first.location(), other(first, 99)));
    assertEquals("gs://kiln-test/root/taxi/data/examples/8/_MANIFEST.json already exists;"
        + " a committed artifact is never modified (write a new execution instead)", e.getMessage());
    assertEquals(1, gcs.preconditionFailures(), "refused by the service's precondition, not by a check before it");
    assertEquals(new String(before, StandardCharsets.UTF_8),
        new String(gcs.object("kiln-test", "root/taxi/data/examples/8/_MANIFEST.json").orElseThrow().data(), StandardCharsets.UTF_8));
    assertEquals(3, store.readManifest(first.location()).orElseThrow().records());
  }

  @Test
  void ofTwoWritersRacingForOneArtifactExactlyOneCommits() throws Exception {
    String uri = store.datasetUri("taxi", "data", "examples", 10);
    Manifest a = manifest(100);
    Manifest b = manifest(200);
    // both uploads are held until both arrived, then the service decides: a real race, not a sequence
    gcs.raceUploadsOf("root/taxi/data/examples/10/_MANIFEST.json", 2);

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Manifest>> writers = pool.invokeAll(List.<Callable<Manifest>>of(
          () -> store.commit(uri, a), () -> store.commit(uri, b)));
      List<Manifest> won = new ArrayList<>();
      List<Throwable> lost = new ArrayList<>();
      for (Future<Manifest> f : writers) {
        try {
          won.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          lost.add(e.getCause());
        }
      }
      assertEquals(1, won.size(), "exactly one writer commits");
      assertEquals(1, lost.size());
      assertTrue(lost.get(0) instanceof IllegalStateException && lost.get(0).getMessage().contains("already exists"),
          lost.get(0).toString());
      assertEquals(won.get(0).records(), store.readManifest(uri).orElseThrow().records(), "the winner's manifest is the one stored");
      assertEquals(1, gcs.preconditionFailures());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFolderWithoutManifestIsInvisibleOnGcs() {
    gcs.put("kiln-test", "root/taxi/data/examples/11/part-00000-of-00001.avro", new byte[] {1, 2, 3});
    assertFalse(store.readManifest(store.datasetUri("taxi", "data", "examples", 11)).isPresent());
  }

  @Test
  void theStoreMarkerOrphansAndWrittenFoldersWorkOnGcs() {
    assertTrue(store.storeMarker().isEmpty());
    assertFalse(store.holdsFiles());
    assertEquals("store-a", store.claim("store-a"));
    assertEquals("store-a", store.claim("store-b"), "create-only: the first claim stays");
    assertTrue(gcs.requests().contains("insert kiln-test/root/_KILN_STORE ifGenerationMatch=0"), gcs.requests().toString());
    assertFalse(store.holdsFiles(), "the marker alone is not an artifact");

    gcs.put("kiln-test", "root/taxi/data/examples/12-0badc0de/part-00000-of-00001.avro", new byte[] {1, 2, 3});
    assertTrue(store.holdsFiles());
    String folder = store.datasetUri("taxi", "data", "examples", "12-0badc0de");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArtifactStore.requireUnwritten(folder));
    assertTrue(e.getMessage().contains("already holds " + folder + "part-00000-of-00001.avro"), e.getMessage());

    List<ArtifactFolders.Folder> folders = ArtifactFolders.of(store).list();
    assertEquals(1, folders.size(), folders.toString());
    assertEquals(folder, folders.get(0).uri());
    assertFalse(folders.get(0).committed());
    ArtifactFolders.of(store).delete(folders.get(0));
    assertEquals(List.of(), gcs.names("kiln-test", "root/taxi/"));
  }

  /** A manifest of an empty dataset with {@code records} as its count: enough to tell two commits apart. */
  private static Manifest manifest(long records) {
    String schema = "{\"type\":\"record\",\"name\":\"Row\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    List<Manifest.SplitEntry> splits = List.of(new Manifest.SplitEntry("", records, "fp-" + records, List.of()));
    return new Manifest(Manifest.MANIFEST_VERSION, Manifest.DATASET, DatasetFormat.AVRO, schema, records, Manifest.datasetFingerprint(splits),
        splits, new Manifest.Producer("taxi", "data", "examples", 1), Manifest.KILN_VERSION, "2025-01-01T00:00:00Z", null);
  }

  private static Manifest other(Manifest m, long records) {
    List<Manifest.SplitEntry> splits = List.of(new Manifest.SplitEntry("", records, "fp-" + records, List.of()));
    return new Manifest(m.manifestVersion(), m.kind(), m.format(), m.avroSchema(), records, Manifest.datasetFingerprint(splits), splits,
        m.producer(), m.kilnVersion(), m.committedAt(), null);
  }
}
