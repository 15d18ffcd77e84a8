package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the Flink job jar: found or named, and only when it carries the running Kiln's classes. */
class FlinkJobJarTest {
  @TempDir Path repo;

  /** A jar with these entries (name → content). */
  private static Path jar(Path file, Map<String, String> entries) throws IOException {
    Files.createDirectories(file.getParent());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }

  private static Map<String, String> kilnClasses(String version) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(JobJars.SHADED_MARKER, "beam");
    m.put("dev/kiln/runners/flink/FlinkBackend.class", "backend " + version);
    m.put("dev/kiln/ml/Step.class", "step " + version);
    return m;
  }

  /** Kiln's jar as the build makes it: cli/target/kiln.jar, with the CLI's classes and Flink's too. */
  private Path kilnJar(String version) throws IOException {
    Map<String, String> m = kilnClasses(version);
    m.put("dev/kiln/cli/KilnCli.class", "cli");
    m.put("org/apache/flink/runtime/Big.class", "flink");
    return jar(repo.resolve("cli/target/kiln.jar"), m);
  }

  @Test
  void theBuildTreesJobJarFromTheSameBuildIsChosen() throws IOException {
    Path kiln = kilnJar("1");
    Path job = jar(repo.resolve("flink-job/target/kiln-flink-job.jar"), kilnClasses("1"));
    assertEquals(job, FlinkJobJar.choose(kiln, null));
  }

  @Test
  void aJobJarNextToKilnsJarIsChosenFirst() throws IOException {
    Path kiln = kilnJar("1");
    jar(repo.resolve("flink-job/target/kiln-flink-job.jar"), kilnClasses("1"));
    Path sibling = jar(repo.resolve("cli/target/kiln-flink-job.jar"), kilnClasses("1"));
    assertEquals(sibling, FlinkJobJar.choose(kiln, ""));
  }

  @Test
  void aFoundJobJarFromAnotherBuildIsPassedOverForKilnsOwnJar() throws IOException {
    Path kiln = kilnJar("2");
    jar(repo.resolve("flink-job/target/kiln-flink-job.jar"), kilnClasses("1"));
    assertEquals(kiln, FlinkJobJar.choose(kiln, null), "the other build's step code must not run on the cluster");
  }

  @Test
  void withoutAJobJarKilnsOwnJarIsStaged() throws IOException {
    Path kiln = kilnJar("1");
    assertEquals(kiln, FlinkJobJar.choose(kiln, null));
  }

  @Test
  void aNamedJobJarMustExist() throws IOException {
    Path kiln = kilnJar("1");
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class,
        () -> FlinkJobJar.choose(kiln, repo.resolve("nope.jar").toString()));
    assertTrue(e.getMessage().contains("nope.jar (-Dkiln.flink.jobJar) does not exist"), e.getMessage());
  }

  @Test
  void aNamedJobJarFromAnotherBuildIsAnErrorNamingTheClassThatDiffers() throws IOException {
    Path kiln = kilnJar("2");
    Path old = jar(repo.resolve("old/kiln-flink-job.jar"), kilnClasses("1"));
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> FlinkJobJar.choose(kiln, old.toString()));
    assertTrue(e.getMessage().contains("is from another build than Kiln's") && e.getMessage().contains("(dev/kiln/ml/Step.class differs)"),
        e.getMessage());
  }

  @Test
  void aJarWithoutKilnClassesOrWithClassesKilnLacksDoesNotMatch() throws IOException {
    Path kiln = kilnJar("1");
    Path beamOnly = jar(repo.resolve("a.jar"), Map.of(JobJars.SHADED_MARKER, "beam"));
    assertEquals("it holds no Kiln classes", FlinkJobJar.differenceFrom(beamOnly, kiln));
    Map<String, String> more = kilnClasses("1");
    more.put("dev/kiln/Extra.class", "x");
    assertEquals("dev/kiln/Extra.class is not in Kiln's jar", FlinkJobJar.differenceFrom(jar(repo.resolve("b.jar"), more), kiln));
    assertNull(FlinkJobJar.differenceFrom(jar(repo.resolve("c.jar"), kilnClasses("1")), kiln));
  }
}
