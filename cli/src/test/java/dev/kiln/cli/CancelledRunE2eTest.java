package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code kiln run} mid-stage: the run is recorded CANCELED with that reason and the
 * time it really took, the step that committed is COMPLETE, the interrupted one CANCELED, the process
 * exits 143, and the next run reuses what committed.
 */
@Tag("e2e")
class CancelledRunE2eTest {
  @TempDir Path dir;

  private static final String PIPELINE = """
      kiln: 1
      pipeline: cancelled
      steps:
        data: { uses: csv, with: { path: data.csv } }
        slow: { uses: transform, class: dev.kiln.cli.SlowTransform, in: { examples: data.examples } }
      """;

  @Test
  void sigtermEndsTheRunAsCancelledWithItsReasonAndKeepsWhatCommitted() throws Exception {
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
    pb.redirectOutput(dir.resolve("run.log").toFile());
    long started = System.currentTimeMillis();
    Process run = pb.start();
    long signalled;
    try {
      waitForManifest(dir.resolve(".kiln/artifacts/cancelled/data/examples"), 180);
      Thread.sleep(500);
      assertTrue(run.isAlive(), "the run must still be going (slow step), log: " + Files.readString(dir.resolve("run.log")));
      signalled = System.currentTimeMillis();
      run.destroy(); // SIGTERM
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run ends soon after SIGTERM");
    } finally {
      run.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("run.log"));
    assertEquals(143, run.exitValue(), "128 + SIGTERM, as a shell expects; log: " + log);
    assertTrue(log.contains("CANCELED: the kiln process received SIGTERM"), log);

    Thread.sleep(3000); // the next command comes later: the run's time must not grow with it
    CliRunner.Result show = cli.kiln("show", "last");
    assertTrue(show.out().lines().findFirst().orElse("").endsWith("CANCELED"), show.out());
    assertTrue(show.out().contains("error    cancelled: the kiln process received SIGTERM"), show.out());
    assertTrue(show.out().matches("(?s).*data \\(csv, execution \\d+\\)  COMPLETE.*"), show.out());
    assertTrue(show.out().matches("(?s).*slow \\(transform, execution \\d+\\)  CANCELED.*"), show.out());
    Matcher took = Pattern.compile("took (\\d+\\.\\d)s").matcher(show.out());
    assertTrue(took.find(), show.out());
    double seconds = Double.parseDouble(took.group(1));
    double bound = (signalled - started) / 1000.0 + 2;
    assertTrue(seconds <= bound, "the run took at most " + bound + " s (until the signal), recorded " + seconds + " s");

    CliRunner.Result again = cli.kiln("run", dir.resolve("p.yaml").toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().matches("(?s).*data +CACHED.*"), again.out());
  }

  private static void waitForManifest(Path under, int seconds) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(under)) {
        try (Stream<Path> s = Files.walk(under)) {
          List<Path> found = s.filter(p -> p.getFileName().toString().equals("_MANIFEST.json")).toList();
          if (!found.isEmpty()) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no manifest under " + under + " within " + seconds + " s");
  }
}
