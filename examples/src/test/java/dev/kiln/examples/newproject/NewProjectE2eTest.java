package dev.kiln.examples.newproject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first steps, offline: {@code kiln new} makes a project, Kiln's artifacts (this build's jars
 * and poms) are installed into a temporary local Maven repository, and in the new project
 * {@code mvn -o test} passes, {@code mvn -o package} gives its jar (the project's classes only), and
 * {@code kiln run --jar} runs its pipeline on embedded Flink; then the same jar on the class path (direct
 * runner) and the Java pipeline's own main find every step in the cache.
 *
 * <p>The temporary repository holds Kiln's artifacts itself and links every other group to the local
 * repository Kiln's build used (read-only use: nothing there is written over, least of all the
 * dev.kiln snapshots other builds on this machine install), so third-party artifacts come from what
 * Kiln's own build fetched and no network is needed. Needs this build's jars: run after
 * {@code mvn -DskipTests package} (scripts/test does), or in the reactor, where this module comes after cli.
 */
@Tag("e2e")
class NewProjectE2eTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The modules a user's project may depend on, as installed by mvn install; module folder → artifactId. */
  private static final Map<String, String> LIBRARY_MODULES = Map.of(
      "metadata", "kiln-metadata", "core", "kiln-core", "ml", "kiln-ml", "runners", "kiln-runners",
      "testing", "kiln-testing", "serving", "kiln-serving", "cli", "kiln-cli");

  @TempDir Path tmp;

  /** Removes the links into the user's repository first, so no clean-up can ever walk into it. */
  @AfterEach
  void unlink() throws IOException {
    for (Path dir : List.of(tmp.resolve("repository"), tmp.resolve("repository/dev"))) {
      if (Files.isDirectory(dir)) {
        try (var entries = Files.list(dir)) {
          for (Path entry : entries.toList()) {
            if (Files.isSymbolicLink(entry)) {
              Files.delete(entry); // the link, not what it points to
            }
          }
        }
      }
    }
  }

  @Test
  void aNewProjectBuildsTestsAndRunsOfflineOnKilnsInstalledArtifacts() throws Exception {
    String version = System.getProperty("kiln.version");
    Path userRepository = Path.of(System.getProperty("kiln.localRepository", System.getProperty("user.home") + "/.m2/repository"));
    assertTrue(version != null && !version.isBlank(), "surefire passes kiln.version (examples/pom.xml)");
    Path kilnJar = ROOT.resolve("cli/target/kiln.jar");
    assertTrue(Files.isRegularFile(kilnJar), kilnJar + " is built (mvn -DskipTests package)");

    long start = System.nanoTime();
    Path repository = tmp.resolve("repository");
    linkThirdParty(userRepository, repository);
    installKiln(repository, version);

    Path work = Files.createDirectories(tmp.resolve("work"));
    Result created = run(work, List.of(java(), "-jar", kilnJar.toString(), "new", "demo"), Map.of());
    assertEquals(0, created.code(), created.output());
    Path project = work.resolve("demo");

    Result test = run(project, mvn(repository, "test"), Map.of());
    assertEquals(0, test.code(), test.output());
    String report = Files.readString(project.resolve("target/surefire-reports/com.example.demo.DemoPipelineTest.txt"));
    assertTrue(report.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0"), report);

    Result packaged = run(project, mvn(repository, "package", "-DskipTests"), Map.of());
    assertEquals(0, packaged.code(), packaged.output());
    Path jar = project.resolve("target/demo.jar");
    assertTrue(Files.isRegularFile(jar), packaged.output());

    try (var entries = new java.util.zip.ZipFile(jar.toFile())) {
      assertTrue(entries.stream().noneMatch(e -> e.getName().startsWith("dev/kiln/")),
          "the project's jar holds its own classes only; Kiln's come from Kiln's jar, staged beside it");
    }

    // --jar on embedded Flink (the project's unit test ran the pipeline on the DirectRunner): the step type
    // is found through the jar's META-INF/services, the transform by its class name, both on Flink's workers
    Result first = run(project, List.of(java(), "-jar", kilnJar.toString(), "run", "pipelines/demo.yaml", "--jar", jar.toString(),
        "--runner", "flink", "--parallelism", "1"), Map.of());
    assertEquals(0, first.code(), first.output());
    assertTrue(first.output().matches("(?s).*runner flink.*clip +COMPLETE .*label +COMPLETE .*examples 24 rows.*"), first.output());

    // the same jar on the class path (KILN_CLASSPATH in scripts/kiln), on the direct runner: the same code
    // and the same artifacts whatever the runner, so all cached
    String classPath = kilnJar + java.io.File.pathSeparator + jar;
    Result again = run(project, List.of(java(), "-cp", classPath, "dev.kiln.cli.KilnCli", "run", "pipelines/demo.yaml"), Map.of());
    assertEquals(0, again.code(), again.output());
    assertTrue(again.output().contains("4 cached"), again.output());

    // the Java twin is the same pipeline: its plan finds every step in the cache the YAML run filled
    Result javaPlan = run(project, List.of(java(), "-cp", classPath, "com.example.demo.DemoPipeline", "plan"), Map.of());
    assertEquals(0, javaPlan.code(), javaPlan.output());
    assertTrue(javaPlan.output().matches("(?s).*label +CACHED.*"), javaPlan.output());
    System.out.printf("NewProjectE2eTest: kiln new + mvn -o test + mvn -o package + run on embedded Flink + cached run + plan in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * A local repository whose every top-level folder (and every dev.* group but dev.kiln) is a link into
   * {@code from}: Maven reads third-party artifacts there as if they were its own, and writes Kiln's
   * artifacts into real folders of this repository only.
   */
  private static void linkThirdParty(Path from, Path repository) throws IOException {
    assertTrue(Files.isDirectory(from), "the local repository Kiln was built with: " + from);
    Files.createDirectories(repository.resolve("dev"));
    try (var top = Files.list(from)) {
      for (Path entry : top.toList()) {
        if (!entry.getFileName().toString().equals("dev")) {
          Files.createSymbolicLink(repository.resolve(entry.getFileName().toString()), entry);
        }
      }
    }
    if (Files.isDirectory(from.resolve("dev"))) {
      try (var dev = Files.list(from.resolve("dev"))) {
        for (Path entry : dev.toList()) {
          if (!entry.getFileName().toString().equals("kiln")) {
            Files.createSymbolicLink(repository.resolve("dev").resolve(entry.getFileName().toString()), entry);
          }
        }
      }
    }
  }

  /** What {@code mvn install} puts in a local repository for Kiln's library modules, from this build's files. */
  private static void installKiln(Path repository, String version) throws IOException {
    install(repository, "kiln-parent", version, ROOT.resolve("pom.xml"), null, null);
    install(repository, "kiln-bom", version, ROOT.resolve("bom/pom.xml"), null, null);
    for (var module : LIBRARY_MODULES.entrySet()) {
      Path jar = ROOT.resolve(module.getKey()).resolve("target").resolve(module.getValue() + "-" + version + ".jar");
      assertTrue(Files.isRegularFile(jar), jar + " is built (mvn -DskipTests package)");
      install(repository, module.getValue(), version, ROOT.resolve(module.getKey()).resolve("pom.xml"), jar, null);
    }
    install(repository, "kiln-cli", version, null, ROOT.resolve("cli/target/kiln.jar"), "all");
  }

  private static void install(Path repository, String artifactId, String version, Path pom, Path jar, String classifier) throws IOException {
    Path dir = Files.createDirectories(repository.resolve("dev/kiln").resolve(artifactId).resolve(version));
    String base = artifactId + "-" + version;
    if (pom != null) {
      Files.copy(pom, dir.resolve(base + ".pom"));
    }
    if (jar != null) {
      Files.copy(jar, dir.resolve(base + (classifier == null ? "" : "-" + classifier) + ".jar"));
    }
  }

  private static List<String> mvn(Path repository, String... goals) {
    // the Maven that runs this build (surefire passes it), else the one on the PATH
    String mvn = System.getProperty("kiln.mvn", "mvn");
    List<String> command = new ArrayList<>(List.of(Files.isExecutable(Path.of(mvn)) ? mvn : "mvn", "-B", "-o", "-Dmaven.repo.local=" + repository));
    command.addAll(List.of(goals));
    return command;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  record Result(int code, String output) {}

  private static Result run(Path dir, List<String> command, Map<String, String> env) throws Exception {
    Path log = Files.createTempFile(dir.getParent(), "out", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().remove("KILN_CLASSPATH");
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return new Result(-1, String.join(" ", command) + ": timed out after 10 minutes\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), String.join(" ", command) + "\n" + Files.readString(log));
  }
}
