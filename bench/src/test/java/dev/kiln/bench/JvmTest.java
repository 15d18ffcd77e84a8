package dev.kiln.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Benchmarks start {@code kiln run} with the JVM options scripts/kiln gives it, read from the same file. */
class JvmTest {
  /** The repository root: surefire runs this module's tests in bench/. */
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void kilnRunGetsTheLaunchersRunOptionsAfterTheCommonOnesAndOtherCommandsDoNot() {
    Jvm jvm = new Jvm("cp", List.of("-Xmx2g")).withRunOptions(List.of("-XX:+UseSerialGC"));
    List<String> run = jvm.kiln("run", "p.yaml");
    assertEquals(List.of("-Xmx2g", "-XX:+UseSerialGC", "-cp", "cp", "dev.kiln.cli.KilnCli", "run", "p.yaml"), run.subList(1, run.size()));
    List<String> show = jvm.kiln("show", "last");
    assertEquals(List.of("-Xmx2g", "-cp", "cp", "dev.kiln.cli.KilnCli", "show", "last"), show.subList(1, show.size()));
    assertEquals(List.of("-XX:+UseSerialGC"), jvm.withOptions(List.of("-Xlog:gc")).runOptions(), "kept by withOptions");
  }

  @Test
  void theLaunchersRunOptionsAreReadFromTheFileScriptsKilnPasses() throws Exception {
    assertEquals(List.of("-XX:+UseSerialGC"), Jvm.launcherRunOptions(REPO, List.of("-Xmx4g")));
    assertTrue(Files.readString(REPO.resolve("scripts/kiln")).contains("\"@$here/scripts/kiln-run.jvmopts\""),
        "scripts/kiln passes the same file to java");
  }

  @Test
  void aCollectorNamedByTheUserReplacesTheLaunchersAsInScriptsKiln() {
    assertEquals(List.of(), Jvm.launcherRunOptions(REPO, List.of("-Xmx4g", "-XX:+UseG1GC")));
    assertEquals(List.of(), Jvm.launcherRunOptions(REPO, List.of("-XX:+UseParallelGC")));
  }

  @Test
  void theFileIsAnArgumentFileTheJvmAcceptsAndSelectsTheSerialCollector() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "@" + REPO.resolve("scripts/kiln-run.jvmopts"), "-XX:+PrintFlagsFinal", "-version")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("\\s*bool UseSerialGC\\s+= true.*")), out.lines().filter(l -> l.contains("GC ")).toList().toString());
  }
}
