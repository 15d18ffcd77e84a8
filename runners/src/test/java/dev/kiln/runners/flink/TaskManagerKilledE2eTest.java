package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.run.Backend;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.runners.DirectBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager killed (SIGKILL) while its job runs: the run fails, the step the job was running commits
 * nothing, what did commit is intact, and once the TaskManager is back the next run reuses what
 * committed and produces the DirectRunner's artifacts.
 *
 * <p>The test starts a cluster of its own with {@code scripts/flink-cluster.sh} (a copy of the repo's
 * conf on other ports, REST 38081, with a short heartbeat so the loss is noticed in seconds), because
 * it kills that cluster's TaskManager; CI's cluster is left alone. It runs where the Flink suite runs:
 * when {@code KILN_TEST_FLINK_MASTER} is set (so the jars are built and clusters can start here).
 */
@Tag("e2e")
class TaskManagerKilledE2eTest {
  /**
   * csv → split → a user step that takes ~20 s. Its own text, not FlinkEndToEndTest's pipeline: that one
   * grew preprocess and training steps, and this test counts the outputs of exactly these three steps.
   */
  private static final String PIPELINE = """
      kiln: 1
      pipeline: taxi
      steps:
        data:  { uses: csv, with: { path: taxi.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
        band:  { uses: transform, class: dev.kiln.runners.testing.SlowRows, in: { examples: split.examples } }
      """;

  private static final List<String> STEPS = List.of("data", "split", "band");
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String REST = "http://localhost:38081";

  @TempDir static Path root;
  private static Path conf;
  private static Path state;

  @BeforeAll
  static void startAClusterOfItsOwn() throws Exception {
    assumeTrue(System.getenv("KILN_TEST_FLINK_MASTER") != null,
        "KILN_TEST_FLINK_MASTER is not set: the Flink cluster suites do not run here (scripts/test sets it)");
    conf = Files.createDirectories(root.resolve("conf"));
    state = root.resolve("cluster-state");
    try (Stream<Path> files = Files.list(REPO.resolve("scripts/flink-cluster/conf"))) {
      for (Path f : files.toList()) {
        Files.copy(f, conf.resolve(f.getFileName()));
      }
    }
    String yaml = Files.readString(conf.resolve("config.yaml"))
        .replaceAll("(?m): 1(8081|612[3-6])$", ": 3$1")
        + "\nheartbeat.interval: 1000\nheartbeat.timeout: 10000\n";
    Files.writeString(conf.resolve("config.yaml"), yaml);
    cluster("start");
  }

  @AfterAll
  static void stopIt() throws Exception {
    if (conf != null) {
      cluster("stop");
    }
  }

  @Test
  void aTaskManagerKilledMidJobFailsTheRunCommitsNothingOfTheRunningStepAndTheNextRunReusesWhatCommitted()
      throws Exception {
    Map<String, String> direct = fingerprints("direct", run("direct", DirectBackend.forRuns()));

    CompletableFuture<RunOutcome> running = CompletableFuture.supplyAsync(() -> run("killed", cluster()));
    awaitRunningJob(running);
    Thread.sleep(4_000); // into the job: SlowRows takes ~20 s over the 10,000 rows
    long pid = Long.parseLong(Files.readString(state.resolve("taskmanager.pid")).trim());
    ProcessHandle taskManager = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no TaskManager process " + pid));
    assertTrue(taskManager.destroyForcibly(), "SIGKILL to the TaskManager");
    RunOutcome killed = running.get(5, TimeUnit.MINUTES);
    System.out.println("TaskManagerKilledE2eTest: the killed run: " + killed.steps() + "; error: " + killed.error());

    assertFalse(killed.succeeded(), "a run whose TaskManager died must fail");
    assertEquals("FAILED", killed.steps().get("band"), killed.steps().toString());
    assertNotNull(killed.error());
    assertEquals(1, killed.error().lines().count(), "one-line error: " + killed.error());
    Map<String, String> committed = fingerprintsOfCommitted("killed", killed);
    assertFalse(committed.containsKey("band/examples"), "the step the job was running commits nothing: " + committed);
    ArtifactStore artifacts = artifacts("killed");
    assertTrue(artifacts.readManifest(plannedUri("killed", killed.executions().get("band"), "examples")).isEmpty(),
        "no manifest for the killed step's output");
    committed.forEach((key, value) -> assertEquals(direct.get(key), value, "what did commit is intact: " + key));

    cluster("start"); // restarts only the missing TaskManager
    RunOutcome again = run("killed", cluster());

    assertTrue(again.succeeded(), again.error());
    assertEquals(direct, fingerprints("killed", again));
    for (String step : STEPS) {
      boolean committedBefore = "COMPLETE".equals(killed.steps().get(step));
      assertEquals(committedBefore ? "CACHED" : "COMPLETE", again.steps().get(step),
          step + " was " + killed.steps().get(step) + " in the killed run");
    }
  }

  private static Backend cluster() {
    return FlinkBackend.cluster(FlinkMaster.parse("localhost:38081"), 0, FlinkEndToEndTest.stagedJars(), ClusterProbe.standard());
  }

  /** Waits until this cluster reports a RUNNING job (or the run ends first, which fails the test). */
  private static void awaitRunningJob(CompletableFuture<RunOutcome> running) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (running.isDone()) {
        throw new AssertionError("the run ended before its job was seen running: " + running.get());
      }
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(REST + "/jobs/overview"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && r.body().contains("\"state\":\"RUNNING\"")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no job reached RUNNING on " + REST + " within 3 minutes");
  }

  private static void cluster(String command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", REPO.resolve("scripts/flink-cluster.sh").toString(), command)
        .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(root.resolve("cluster-" + command + ".log").toFile());
    pb.environment().put("KILN_FLINK_CONF", conf.toString());
    pb.environment().put("KILN_FLINK_STATE", state.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(4, TimeUnit.MINUTES), "flink-cluster.sh " + command + " did not finish");
    assertEquals(0, p.exitValue(), "flink-cluster.sh " + command + ": " + Files.readString(root.resolve("cluster-" + command + ".log")));
  }

  private static RunOutcome run(String name, Backend backend) {
    try {
      Path dir = root.resolve(name);
      if (!Files.exists(dir.resolve("taxi.csv"))) {
        Files.createDirectories(dir);
        Files.copy(REPO.resolve("examples/data/taxi.csv"), dir.resolve("taxi.csv"));
      }
      ResolvedPipeline pipeline = new PipelineResolver(StepRegistry.standard())
          .resolve(YamlSpecLoader.parse(PIPELINE, "taxi.yaml"), "taxi.yaml");
      try (MetadataStore store = open(name)) {
        return new Orchestrator(store, artifacts(name), backend, dir, RunListener.NONE).run(pipeline);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** step/port → records and fingerprint of every output; all must be committed. */
  private static Map<String, String> fingerprints(String name, RunOutcome outcome) {
    Map<String, String> all = fingerprintsOfCommitted(name, outcome);
    assertEquals(4, all.size(), "every output committed: " + all);
    return all;
  }

  /**
   * step/port → records and fingerprint of the outputs the lineage says this run's executions wrote or
   * reused (an OUTPUT event is recorded only once an output is committed).
   */
  private static Map<String, String> fingerprintsOfCommitted(String name, RunOutcome outcome) {
    Map<String, String> out = new TreeMap<>();
    try (MetadataStore store = open(name)) {
      for (Map.Entry<String, Long> e : outcome.executions().entrySet()) {
        for (Event ev : store.eventsByExecutions(List.of(e.getValue()))) {
          if (ev.type() == Event.Type.OUTPUT) {
            Artifact a = store.artifact(ev.artifactId()).orElseThrow();
            out.put(e.getKey() + "/" + ev.path(),
                a.longProperty(MetadataKeys.RECORDS) + " " + a.stringProperty(MetadataKeys.FINGERPRINT));
          }
        }
      }
    }
    return out;
  }

  private static String plannedUri(String name, long executionId, String port) {
    try (MetadataStore store = open(name)) {
      return dev.kiln.core.plan.PlannedOutputs.uri(store, executionId, port);
    }
  }

  private static MetadataStore open(String name) {
    return MetadataStore.open("jdbc:sqlite:" + root.resolve(name).resolve("metadata.db"));
  }

  private static ArtifactStore artifacts(String name) {
    return ArtifactStore.at(root.resolve(name).resolve("artifacts").toString());
  }
}
