package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code kiln run} mid-stage: nothing partial is committed, the run is shown as failed
 * on the next start, and the next run reuses the step that did commit.
 */
@Tag("e2e")
class KilledRunE2eTest {
  @TempDir Path dir;

  private static final String PIPELINE = """
      kiln: 1
      pipeline: killed
      steps:
        data: { uses: csv, with: { path: data.csv } }
        slow: { uses: transform, class: dev.kiln.cli.SlowTransform, in: { examples: data.examples } }
      """;

  @Test
  void killedRunLeavesNoPartialArtifactAndTheNextRunReusesWhatCommitted() throws Exception {
    StringBuilder csv = new StringBuilder("id,fare\n");
    for (int i = 0; i < 3000; i++) {
      csv.append(i).append(',').append(i * 0.5).append('\n');
    }
    Files.writeString(dir.resolve("data.csv"), csv);
    Files.writeString(dir.resolve("p.yaml"), PIPELINE);
    CliRunner cli = new CliRunner(dir);
    assertEquals(0, cli.kiln("init").exitCode());

    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.kiln.cli.KilnCli",
        "run", dir.resolve("p.yaml").toString(), "--project", dir.toString());
    pb.environment().put("KILN_TEST_SLOW_MS", "20");
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("first-run.log").toFile());
    Process run = pb.start();
    try {
      Path dataManifest = waitFor(dir.resolve(".kiln/artifacts/killed/data/examples"), 180);
      assertTrue(Files.exists(dataManifest));
      Thread.sleep(500);
      assertTrue(run.isAlive(), "the run must still be going (slow step), log: " + Files.readString(dir.resolve("first-run.log")));
      run.destroyForcibly(); // SIGKILL
      assertTrue(run.waitFor(30, TimeUnit.SECONDS));
    } finally {
      run.destroyForcibly();
    }
    assertEquals(137, run.exitValue(), "killed by SIGKILL");

    // The slow step's output folder exists (files were being written) but holds no manifest.
    assertEquals(List.of(), manifests(dir.resolve(".kiln/artifacts/killed/slow")));

    CliRunner.Result runs = cli.kiln("runs");
    assertTrue(runs.out().lines().findFirst().orElse("").contains("FAILED"), runs.out());
    CliRunner.Result show = cli.kiln("show", "last");
    assertTrue(show.out().contains("the kiln process ended before the run finished"), show.out());
    assertTrue(show.out().matches("(?s).*data \\(csv, execution \\d+\\)  COMPLETE.*"), show.out());
    assertTrue(show.out().matches("(?s).*slow \\(transform, execution \\d+\\)  FAILED.*ended before the step finished.*"), show.out());

    CliRunner.Result again = cli.kiln("run", dir.resolve("p.yaml").toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().matches("(?s).*data +CACHED.*"), again.out());
    assertTrue(again.out().matches("(?s).*slow +COMPLETE.*examples 3,000 rows.*"), again.out());
  }

  private static Path waitFor(Path under, int seconds) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      List<Path> found = manifests(under);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no manifest under " + under + " within " + seconds + " s");
  }

  private static List<Path> manifests(Path under) throws IOException {
    if (!Files.exists(under)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(under)) {
      return s.filter(p -> p.getFileName().toString().equals("_MANIFEST.json")).toList();
    }
  }
}
