package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that exhausts the heap of a {@code kiln run} with {@code -Xmx256m} ends the process with exit
 * 1 and one line naming the step and KILN_JAVA_OPTS, within seconds, instead of hanging; the run is
 * recorded FAILED with that line.
 */
@Tag("e2e")
class OutOfMemoryE2eTest {
  @TempDir Path dir;

  @Test
  void aRunnerThatLogsAnOutOfMemoryErrorAndWaitsForeverIsEndedWithOneLine() throws Exception {
    Files.writeString(dir.resolve("data.csv"), "id,fare\n1,1.0\n2,2.0\n");
    Files.writeString(dir.resolve("p.yaml"), """
        kiln: 1
        pipeline: lost
        steps:
          data: { uses: csv, with: { path: data.csv } }
          lost: { uses: transform, class: dev.kiln.cli.LostWorkerTransform, in: { examples: data.examples } }
        """);
    CliRunner cli = new CliRunner(dir);
    assertEquals(0, cli.kiln("init").exitCode());
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.kiln.cli.KilnCli",
        "run", dir.resolve("p.yaml").toString(), "--project", dir.toString());
    pb.redirectOutput(dir.resolve("out.log").toFile());
    pb.redirectError(dir.resolve("err.log").toFile());
    Process run = pb.start();
    try {
      assertTrue(run.waitFor(240, TimeUnit.SECONDS), "the run must end, not hang; err: " + Files.readString(dir.resolve("err.log")));
    } finally {
      run.destroyForcibly();
    }
    String err = Files.readString(dir.resolve("err.log"));
    assertEquals(1, run.exitValue(), err);
    assertTrue(err.startsWith("error: kiln ran out of memory while running step"), err);
    assertTrue(err.contains("'lost'"), "names the running step: " + err);
    assertTrue(err.contains("KILN_JAVA_OPTS=-Xmx1024m"), err);
    assertEquals(1, err.strip().lines().count(), "one line, no stack trace: " + err);
    CliRunner.Result show = cli.kiln("show", "last");
    assertTrue(show.out().lines().findFirst().orElse("").endsWith("FAILED"), show.out());
    assertTrue(show.out().contains("error    kiln ran out of memory while running step"), show.out());
  }

  @Test
  void runningOutOfMemoryEndsTheRunWithOneLineNamingTheStep() throws Exception {
    Files.writeString(dir.resolve("data.csv"), "id,fare\n1,1.0\n2,2.0\n");
    Files.writeString(dir.resolve("p.yaml"), """
        kiln: 1
        pipeline: oom
        steps:
          data: { uses: csv, with: { path: data.csv } }
          hog:  { uses: transform, class: dev.kiln.cli.MemoryHog, in: { examples: data.examples } }
        """);
    CliRunner cli = new CliRunner(dir);
    assertEquals(0, cli.kiln("init").exitCode());

    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.kiln.cli.KilnCli",
        "run", dir.resolve("p.yaml").toString(), "--project", dir.toString());
    pb.redirectOutput(dir.resolve("out.log").toFile());
    pb.redirectError(dir.resolve("err.log").toFile());
    Process run = pb.start();
    try {
      assertTrue(run.waitFor(240, TimeUnit.SECONDS), "the run must end, not hang; err: " + Files.readString(dir.resolve("err.log")));
    } finally {
      run.destroyForcibly();
    }
    String err = Files.readString(dir.resolve("err.log"));
    assertEquals(1, run.exitValue(), err);
    // Either the runner failed the job with the error (the run's error line), or it lost the worker
    // thread and the guard ended the process (its own line): one error line naming the step either way.
    String line = err.lines().findFirst().orElse("");
    assertTrue(line.startsWith("error: ") && (line.contains("OutOfMemoryError") || line.contains("ran out of memory")), err);
    assertTrue(line.contains("step '"), "names the step: " + err);
    assertTrue(line.contains("KILN_JAVA_OPTS=-Xmx1024m"), "says how to give it more (4 × the 256 MB heap): " + err);
    assertFalse(err.contains("\tat "), "no stack trace: " + err);

    CliRunner.Result show = cli.kiln("show", "last");
    assertTrue(show.out().lines().findFirst().orElse("").endsWith("FAILED"), show.out());
    assertTrue(show.out().contains("OutOfMemoryError") || show.out().contains("ran out of memory"), show.out());
  }
}
