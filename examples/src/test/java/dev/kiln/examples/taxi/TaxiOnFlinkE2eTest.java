package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.cli.KilnCli;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.runners.flink.FlinkJobJar;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's "what must show": the full ML taxi pipeline ({@code pipelines/taxi.yaml}, 11 steps, 14
 * committed artifacts) through the real CLI in three fresh project folders — the DirectRunner,
 * {@code --runner flink} (embedded) and {@code --runner flink --flink-master $KILN_TEST_FLINK_MASTER} (a
 * standalone cluster, e.g. {@code scripts/flink-cluster.sh start} → {@code localhost:18081}; skipped when
 * the variable is unset) — must commit the same artifacts: every step/port with the same fingerprint,
 * records and per-split fingerprints, the same eval AUC, and {@code kiln show} naming backend flink and a
 * Flink job id for every execution of the Flink runs.
 *
 * <p>The direct and embedded runs call {@link KilnCli#execute} in this JVM. The cluster run is a
 * {@code java} process on Kiln's shaded jar ({@code cli/target/kiln.jar}) plus this module's classes, as
 * {@code scripts/kiln} starts it: only a process running from the shaded jar can stage its code to a
 * cluster, and it stages the Flink job jar ({@code flink-job/target/kiln-flink-job.jar}) of the same
 * build. Both jars are made by {@code mvn package}, which CI ({@code scripts/test}) runs first. Each run's
 * wall time is printed.
 */
@Tag("e2e")
class TaxiOnFlinkE2eTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern AUC = Pattern.compile("overall: +auc (0\\.\\d+)");
  private static final Pattern EXECUTION = Pattern.compile("(?m)^  (\\w+) \\((\\w+), execution \\d+\\)  (\\w+)(.*)$");
  private static final Pattern JOB = Pattern.compile("(?m)^    job      flink job ([0-9a-f]{32})$");

  @TempDir static Path root;
  private static Map<String, String> direct;
  private static String directAuc;

  @BeforeAll
  static void runOnTheDirectRunner() throws IOException {
    Path project = project("direct");
    long start = System.nanoTime();
    String out = kiln(project, "run", yaml(project));
    report("direct", start);
    assertTrue(out.contains("(11 complete)"), out);
    direct = committed(project);
    assertEquals(14, direct.size(), "the taxi pipeline commits 14 artifacts: " + direct.keySet());
    directAuc = auc(kiln(project, "show", "last"));
  }

  @Test
  void embeddedFlinkCommitsTheDirectRunnersArtifactsAndShowNamesItsJobs() throws IOException {
    Path project = project("embedded");
    long start = System.nanoTime();
    String out = kiln(project, "run", yaml(project), "--runner", "flink");
    report("embedded flink", start);
    assertTrue(out.contains("(11 complete)"), out);

    assertSameAsDirect(project, "embedded");
  }

  @Test
  void aStandaloneClusterCommitsTheDirectRunnersArtifactsAndShowNamesItsJobs() throws Exception {
    String master = System.getenv("KILN_TEST_FLINK_MASTER");
    assumeTrue(master != null && !master.isBlank(),
        "KILN_TEST_FLINK_MASTER is not set; start a cluster with scripts/flink-cluster.sh start and set it to localhost:18081");
    Path kilnJar = REPO.resolve("cli/target/kiln.jar");
    Path jobJar = REPO.resolve("flink-job/target/" + FlinkJobJar.FILE_NAME);
    assertTrue(Files.isRegularFile(kilnJar), kilnJar + " is missing; build it with mvn -DskipTests package");
    assertEquals(jobJar, FlinkJobJar.choose(kilnJar, null),
        "the cluster is sent the Flink job jar of the same build as kiln.jar; rebuild both with mvn -DskipTests package");

    Path project = project("cluster");
    long start = System.nanoTime();
    String out = kilnProcess(project, kilnJar, "run", yaml(project), "--runner", "flink", "--flink-master", master);
    report("flink cluster " + master, start);
    assertTrue(out.contains("(11 complete)"), out);

    assertSameAsDirect(project, "cluster");
  }

  private static void assertSameAsDirect(Path project, String name) {
    assertEquals(direct, committed(project), name + ": every committed artifact's fingerprint, records and splits");
    String show = kiln(project, "show", "last");
    assertEquals(directAuc, auc(show), name + ": the eval AUC");
    assertEveryExecutionRanOnFlink(project, show);
  }

  /** {@code kiln show}: each of the 11 executions is "on flink" with its Flink job id, the one the store recorded. */
  private static void assertEveryExecutionRanOnFlink(Path project, String show) {
    List<String> steps = new ArrayList<>();
    Matcher m = EXECUTION.matcher(show);
    while (m.find()) {
      steps.add(m.group(1));
      assertEquals("COMPLETE", m.group(3), m.group());
      assertTrue(m.group(4).endsWith("  on flink"), "kiln show names the backend: " + m.group());
    }
    assertEquals(11, steps.size(), show);
    List<String> shownJobs = new ArrayList<>();
    Matcher j = JOB.matcher(show);
    while (j.find()) {
      shownJobs.add(j.group(1));
    }
    List<String> recordedJobs = new ArrayList<>();
    try (MetadataStore store = open(project)) {
      for (Execution e : store.executionsOfContext(lastRun(store).id())) {
        assertEquals("flink", e.stringProperty(MetadataKeys.BACKEND), e.name());
        String jobId = e.stringProperty(MetadataKeys.JOB_ID);
        assertNotNull(jobId, e.name() + " records its Flink job id");
        recordedJobs.add(jobId);
      }
    }
    assertEquals(recordedJobs, shownJobs, "kiln show prints a Flink job id under every execution:\n" + show);
  }

  /** step/port → records, fingerprint and per-split fingerprints of every artifact the last run committed. */
  private static Map<String, String> committed(Path project) {
    Map<String, String> out = new TreeMap<>();
    try (MetadataStore store = open(project)) {
      List<Execution> executions = store.executionsOfContext(lastRun(store).id());
      Map<Long, String> stepOf = new TreeMap<>();
      executions.forEach(e -> stepOf.put(e.id(), e.name()));
      for (Event ev : store.eventsByExecutions(executions.stream().map(Execution::id).toList())) {
        if (ev.type() != Event.Type.OUTPUT) {
          continue;
        }
        Artifact a = store.artifact(ev.artifactId()).orElseThrow();
        assertNotNull(a.stringProperty(MetadataKeys.FINGERPRINT), "a committed artifact has a fingerprint: " + a);
        String previous = out.put(stepOf.get(ev.executionId()) + "/" + ev.path(),
            a.type() + " " + a.longProperty(MetadataKeys.RECORDS) + " " + a.stringProperty(MetadataKeys.FINGERPRINT)
                + " " + a.stringProperty(MetadataKeys.SPLITS));
        assertEquals(null, previous, "one output per step and port");
      }
    }
    return out;
  }

  private static Context lastRun(MetadataStore store) {
    List<Context> runs = store.contextsOfType(MetadataKeys.RUN, 2);
    assertEquals(1, runs.size(), "a fresh project with one run");
    return runs.get(0);
  }

  private static String auc(String show) {
    Matcher m = AUC.matcher(show);
    assertTrue(m.find(), "kiln show prints the eval AUC:\n" + show);
    return m.group(1);
  }

  private static String yaml(Path project) {
    return project.resolve("pipelines/taxi.yaml").toString();
  }

  /** A fresh project folder with the repository's taxi pipeline and its data, where the pipeline expects it. */
  private static Path project(String name) throws IOException {
    Path dir = root.resolve(name);
    Files.createDirectories(dir.resolve("pipelines"));
    Files.createDirectories(dir.resolve("examples/data"));
    Files.copy(REPO.resolve("pipelines/taxi.yaml"), dir.resolve("pipelines/taxi.yaml"));
    Files.copy(REPO.resolve("examples/data/taxi.csv"), dir.resolve("examples/data/taxi.csv"));
    return dir;
  }

  /** kiln in this JVM on {@code project}; fails unless it exits 0. */
  private static String kiln(Path project, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> full = new ArrayList<>(List.of(args));
    full.add("--project");
    full.add(project.toString());
    int code = KilnCli.execute(full.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    return text;
  }

  /** kiln as its own process on the shaded jar plus this module's classes (the pipeline's DeriveBigTipper). */
  private static String kilnProcess(Path project, Path kilnJar, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", kilnJar + File.pathSeparator + Path.of("target/classes").toAbsolutePath(), KilnCli.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--project", project.toString()));
    Path log = project.resolve("kiln.log");
    Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("kiln did not finish in 20 minutes: " + Files.readString(log));
    }
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  private static void report(String what, long startNanos) {
    System.out.printf("TaxiOnFlinkE2eTest: full taxi pipeline on %s: %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
  }

  private static MetadataStore open(Path project) {
    return MetadataStore.open("jdbc:sqlite:" + project.resolve(".kiln/metadata.db"));
  }
}
