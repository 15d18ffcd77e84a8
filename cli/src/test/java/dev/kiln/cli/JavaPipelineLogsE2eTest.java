package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java pipeline run in its own JVM prints what the CLI prints, even when the program logged before
 * calling Kiln.run (slf4j then started at info, before Kiln could set the levels): Beam's info lines
 * reached .kiln/kiln.log (150 lines for the taxi pipeline) where the CLI writes none.
 */
@Tag("e2e")
class JavaPipelineLogsE2eTest {
  @TempDir Path dir;

  @Test
  void aJavaPipelinesRunPrintsOnlyKilnsLinesAndLogsNoRunnerInfo() throws Exception {
    StringBuilder csv = new StringBuilder("id,fare\n");
    for (int i = 0; i < 40; i++) {
      csv.append(i).append(',').append(i).append(".25\n");
    }
    Files.writeString(dir.resolve("data.csv"), csv);
    Files.writeString(Files.createDirectories(dir.resolve("no-logger-settings")).resolve("simplelogger.properties"), "");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // slf4j-simple, as kiln-cli brings it to a user's project (the test class path also holds Flink's log4j binding)
        "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
        // an empty simplelogger.properties first: the runners test jar's (warn, for tests) is not what a user's project has
        "-cp", Files.createDirectories(dir.resolve("no-logger-settings")) + java.io.File.pathSeparator + System.getProperty("java.class.path"),
        LoggingJavaPipeline.class.getName(), "run", "--project", dir.toString());
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the run ended");
    String out = Files.readString(dir.resolve("out.txt"));
    String err = Files.readString(dir.resolve("err.txt"));
    assertEquals(0, p.exitValue(), out + err);
    assertTrue(out.matches("(?s)Initialized a Kiln project.*data +COMPLETE .*split +COMPLETE .*Run logs-\\S+ COMPLETE in .*"), out);
    assertEquals(List.of("the program's own line"),
        err.lines().filter(l -> !l.startsWith("SLF4J(I)")).map(l -> l.replaceAll(".* - ", "")).toList(), err);
    Path log = dir.resolve(".kiln/kiln.log");
    String logged = Files.exists(log) ? Files.readString(log) : "";
    assertFalse(logged.contains(" INFO "), logged);
  }
}
