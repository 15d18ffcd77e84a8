package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.run.Backend;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.core.run.RunBackends;
import dev.kiln.runners.DirectBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Kiln pipeline (CSV source, split, a user transform, a derived label, preprocess, and the
 * distributed trainer's 20 unrolled passes) on the DirectRunner, on embedded Flink
 * and — when {@code KILN_TEST_FLINK_MASTER} names one, e.g. {@code localhost:18081} from
 * {@code scripts/flink-cluster.sh start} — on a Flink cluster, which must produce the same artifacts:
 * the same records and fingerprints for every step, port and split, the model's included. The cluster is sent a shaded Kiln
 * jar ({@code KILN_TEST_FLINK_JAR}, default the Flink job jar {@code flink-job/target/kiln-flink-job.jar},
 * else {@code cli/target/kiln.jar}; build them with {@code mvn -DskipTests package}) plus this module's
 * test classes, which hold the user steps.
 */
@Tag("e2e")
class FlinkEndToEndTest {
  static final String TAXI = """
      kiln: 1
      pipeline: taxi
      steps:
        data:  { uses: csv, with: { path: taxi.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
        band:  { uses: transform, class: dev.kiln.runners.testing.FareBand, in: { examples: split.examples } }
        label: { uses: derive, in: { examples: band.examples }, with: { columns: { big_tipper: "tips > 2" } } }
        prep:
          uses: preprocess
          in: { examples: label.examples }
          with:
            fitOn: train
            passthrough: [big_tipper]
            features:
              fare:         { impute: mean, standardize: true }
              trip_miles:   { impute: mean, standardize: true }
              payment_type: { vocabulary: { topK: 10, oovBuckets: 1 }, oneHot: true }
        train: { uses: train, in: { examples: prep.examples.train, graph: prep.graph }, with: { label: big_tipper, algorithm: logistic, backend: distributed } }
      """;
  private static final String FAILING = TAXI.replace("dev.kiln.runners.testing.FareBand", "dev.kiln.runners.testing.RejectLongTrips");
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path root;
  private static Map<String, String> direct;

  @BeforeAll
  static void runOnTheDirectRunner() throws IOException {
    RunOutcome outcome = run("direct", DirectBackend.forRuns(), TAXI);
    assertTrue(outcome.succeeded(), outcome.error());
    direct = fingerprints("direct", outcome);
    assertTrue(direct.containsKey("train/model"), "the model is among the compared artifacts: " + direct.keySet());
    assertEquals(10_000L, records("direct", outcome, "data", "examples"), "the taxi sample has 10,000 rows");
  }

  @Test
  void embeddedFlinkProducesTheDirectRunnersArtifactsAndRecordsItsJobIds() throws IOException {
    RunOutcome outcome = run("embedded", FlinkBackend.embedded(2), TAXI);

    assertTrue(outcome.succeeded(), outcome.error());
    assertEquals(direct, fingerprints("embedded", outcome));
    assertRecordedOnFlink("embedded", outcome);
  }

  @Test
  void aStepOnFlinkBetweenDirectStepsGivesTheSameArtifactsHandedOverThroughTheStore() throws IOException {
    String mixed = TAXI.replace("split: { uses: split,", "split: { uses: split, backend: flink,");
    Path dir = Files.createDirectories(root.resolve("mixed"));
    Files.copy(REPO.resolve("examples/data/taxi.csv"), dir.resolve("taxi.csv"));
    var pipeline = new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.parse(mixed, "taxi.yaml"), "taxi.yaml");
    RunOutcome outcome;
    try (MetadataStore store = open("mixed")) {
      RunBackends backends = new RunBackends(DirectBackend.forRuns(), name -> FlinkBackend.embedded(2));
      outcome = new Orchestrator(store, artifacts("mixed"), backends, dir, RunListener.NONE).run(pipeline);
    }
    assertTrue(outcome.succeeded(), outcome.error());
    assertEquals(direct, fingerprints("mixed", outcome));
    Map<String, String> backendOf = new TreeMap<>();
    for (String step : List.of("data", "split", "band")) {
      backendOf.put(step, store("mixed", s -> s.execution(outcome.executions().get(step)).orElseThrow().stringProperty(MetadataKeys.BACKEND)));
    }
    assertEquals(Map.of("data", "direct", "split", "flink", "band", "direct"), backendOf);
    assertNotNull(store("mixed", s -> s.execution(outcome.executions().get("split")).orElseThrow().stringProperty(MetadataKeys.JOB_ID)),
        "the Flink stage records its job id");
  }

  @Test
  void aStepThatThrowsOnEmbeddedFlinkFailsWithItsErrorAndCommitsNothing() throws IOException {
    assertFailsCleanly("embedded-failing", FlinkBackend.embedded(2));
  }

  @Test
  void aFlinkClusterProducesTheDirectRunnersArtifacts() throws IOException {
    FlinkBackend cluster = cluster();
    RunOutcome outcome = run("cluster", cluster, TAXI);

    assertTrue(outcome.succeeded(), outcome.error());
    assertEquals(direct, fingerprints("cluster", outcome));
    assertRecordedOnFlink("cluster", outcome);
  }

  @Test
  void aStepThatThrowsOnAFlinkClusterFailsWithItsErrorAndCommitsNothing() throws IOException {
    assertFailsCleanly("cluster-failing", cluster());
  }

  /** The cluster named by KILN_TEST_FLINK_MASTER; the test is skipped when there is none. */
  private static FlinkBackend cluster() {
    String master = System.getenv("KILN_TEST_FLINK_MASTER");
    assumeTrue(master != null && !master.isBlank(), "KILN_TEST_FLINK_MASTER is not set (scripts/flink-cluster.sh start, then localhost:18081)");
    return FlinkBackend.cluster(FlinkMaster.parse(master), 0, stagedJars(), ClusterProbe.standard());
  }

  /**
   * What a test job sends a cluster: the Flink job jar when built, else the CLI's shaded jar (both by
   * {@code mvn -DskipTests package}; {@code KILN_TEST_FLINK_JAR} overrides), plus this module's test
   * classes, which hold the user steps.
   */
  static List<Path> stagedJars() {
    Path jobJar = REPO.resolve("flink-job/target/" + FlinkJobJar.FILE_NAME);
    String jar = System.getenv().getOrDefault("KILN_TEST_FLINK_JAR",
        (Files.isRegularFile(jobJar) ? jobJar : REPO.resolve("cli/target/kiln.jar")).toString());
    return List.of(Path.of(jar), Path.of("target/test-classes").toAbsolutePath());
  }

  private static void assertFailsCleanly(String name, FlinkBackend backend) throws IOException {
    RunOutcome outcome = run(name, backend, FAILING);

    assertFalse(outcome.succeeded());
    assertEquals("FAILED", outcome.steps().get("band"));
    assertTrue(outcome.error().matches(".*trip of [0-9.]+ miles is too long"), "the user step's error: " + outcome.error());
    // the orchestrator records the job's error on the stage's first uncommitted step, in one line
    List<String> recorded = store(name, s -> outcome.executions().values().stream()
        .map(id -> s.execution(id).orElseThrow().stringProperty(MetadataKeys.ERROR))
        .filter(e -> e != null && e.contains("miles is too long")).toList());
    assertEquals(1, recorded.size(), recorded.toString());
    assertEquals(1, recorded.get(0).lines().count(), recorded.get(0));
    ArtifactStore artifacts = artifacts(name);
    String bandUri = store(name, s -> dev.kiln.core.plan.PlannedOutputs.uri(s, outcome.executions().get("band"), "examples"));
    assertTrue(artifacts.readManifest(bandUri).isEmpty(), "the failed step commits no output");
  }

  private static void assertRecordedOnFlink(String name, RunOutcome outcome) {
    for (String step : List.of("data", "split", "band")) {
      Execution e = store(name, s -> s.execution(outcome.executions().get(step)).orElseThrow());
      assertEquals("flink", e.stringProperty(MetadataKeys.BACKEND), step);
      String jobId = e.stringProperty(MetadataKeys.JOB_ID);
      assertNotNull(jobId, step + " records the Flink job id");
      assertTrue(jobId.matches("[0-9a-f]{32}"), jobId);
    }
  }

  private static RunOutcome run(String name, Backend backend, String yaml) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.copy(REPO.resolve("examples/data/taxi.csv"), dir.resolve("taxi.csv"));
    var pipeline = new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.parse(yaml, "taxi.yaml"), "taxi.yaml");
    try (MetadataStore store = open(name)) {
      return new Orchestrator(store, artifacts(name), backend, dir, RunListener.NONE).run(pipeline);
    }
  }

  /** step/port/split → records and fingerprint, from the committed manifests. */
  private static Map<String, String> fingerprints(String name, RunOutcome outcome) {
    ArtifactStore artifacts = artifacts(name);
    Map<String, String> out = new TreeMap<>();
    Map<String, List<String>> ports = new java.util.LinkedHashMap<>();
    ports.put("data", List.of("examples", "rejected"));
    ports.put("split", List.of("examples"));
    ports.put("band", List.of("examples"));
    ports.put("label", List.of("examples"));
    ports.put("prep", List.of("examples", "graph"));
    ports.put("train", List.of("model"));
    for (String step : ports.keySet()) {
      for (String port : ports.get(step)) {
        Manifest m = artifacts.readManifest(store(name, s -> dev.kiln.core.plan.PlannedOutputs.uri(s, outcome.executions().get(step), port))).orElseThrow();
        out.put(step + "/" + port, m.records() + " " + m.fingerprint());
        m.splits().forEach(s -> out.put(step + "/" + port + "/" + s.name(), s.records() + " " + s.fingerprint()));
      }
    }
    return out;
  }

  private static long records(String name, RunOutcome outcome, String step, String port) {
    ArtifactStore artifacts = artifacts(name);
    return artifacts.readManifest(store(name, s -> dev.kiln.core.plan.PlannedOutputs.uri(s, outcome.executions().get(step), port))).orElseThrow().records();
  }

  private static ArtifactStore artifacts(String name) {
    return ArtifactStore.at(root.resolve(name).resolve("artifacts").toString());
  }

  private static MetadataStore open(String name) {
    return MetadataStore.open("jdbc:sqlite:" + root.resolve(name).resolve("metadata.db"));
  }

  private static <T> T store(String name, java.util.function.Function<MetadataStore, T> query) {
    try (MetadataStore s = open(name)) {
      return query.apply(s);
    }
  }
}
