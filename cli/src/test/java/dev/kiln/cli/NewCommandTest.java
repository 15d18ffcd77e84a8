package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln new}: the project it writes compiles against this build's Kiln (main and test sources), and
 * its YAML pipeline runs with its own step type and transform given as {@code --jar}. (Maven in the new
 * project, offline, with Kiln's installed artifacts: {@code NewProjectE2eTest} in examples.)
 */
class NewCommandTest {
  @TempDir Path dir;
  private final ClassLoader before = Thread.currentThread().getContextClassLoader();

  @AfterEach
  void restore() {
    Thread.currentThread().setContextClassLoader(before); // --jar sets this thread's class loader
  }

  @Test
  void theNewProjectCompilesAndItsPipelineRunsWithItsOwnStepAndTransform() throws Exception {
    CliRunner.Result created = new CliRunner(dir).kiln("new", "taxi-tips", "--group-id", "com.acme");
    assertEquals(KilnCli.OK, created.exitCode(), created.out() + created.err());
    Path project = dir.resolve("taxi-tips");
    for (String f : List.of("pom.xml", "README.md", ".gitignore", "data/trips.csv", "pipelines/taxi-tips.yaml",
        "src/main/java/com/acme/taxitips/TaxiTipsPipeline.java", "src/main/java/com/acme/taxitips/ClipStep.java",
        "src/main/java/com/acme/taxitips/LabelBigTips.java", "src/main/resources/META-INF/services/dev.kiln.core.step.StepType",
        "src/test/java/com/acme/taxitips/TaxiTipsPipelineTest.java")) {
      assertTrue(Files.isRegularFile(project.resolve(f)), f + " is written; got " + created.out());
    }
    String pom = Files.readString(project.resolve("pom.xml"));
    // well-formed XML (Maven refuses, for one, a comment holding "--")
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(project.resolve("pom.xml").toFile());
    assertTrue(pom.contains("<artifactId>kiln-bom</artifactId>") && pom.contains("<kiln.version>" + rootVersion() + "</kiln.version>"), pom);
    assertTrue(pom.contains("<groupId>com.acme</groupId>") && pom.contains("<artifactId>taxi-tips</artifactId>"), pom);

    Path classes = project.resolve("target/classes");
    compile(project.resolve("src/main/java"), classes, System.getProperty("java.class.path"));
    Path services = classes.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.copy(project.resolve("src/main/resources/META-INF/services/dev.kiln.core.step.StepType"), services.resolve("dev.kiln.core.step.StepType"));
    // the unit test compiles against kiln-testing and JUnit, as in the new project's own build
    compile(project.resolve("src/test/java"), project.resolve("target/test-classes"), System.getProperty("java.class.path") + java.io.File.pathSeparator + classes);

    CliRunner.Result run = new CliRunner(project).kiln("run", project.resolve("pipelines/taxi-tips.yaml").toString(), "--jar", classes.toString());
    assertEquals(KilnCli.OK, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().matches("(?s).*clip +COMPLETE .*label +COMPLETE .*examples 24 rows.*"), run.out());
  }

  @Test
  void theNewJavaPipelineUsesTheTypedApiAndIsTheYamlOneWithItsTransformsSettings() throws Exception {
    CliRunner.Result created = new CliRunner(dir).kiln("new", "taxi-tips", "--group-id", "com.acme");
    assertEquals(KilnCli.OK, created.exitCode(), created.out() + created.err());
    Path project = dir.resolve("taxi-tips");
    String java = Files.readString(project.resolve("src/main/java/com/acme/taxitips/TaxiTipsPipeline.java"));
    // the untyped forms still work, but a new project shows the typed builders and ports
    for (String untyped : List.of("Steps.", "StepHandle", ".get(\"", "byHash(")) {
      assertFalse(java.contains(untyped), "the template's pipeline uses the untyped API (" + untyped + "):\n" + java);
    }
    Path classes = project.resolve("target/classes");
    compile(project.resolve("src/main/java"), classes, System.getProperty("java.class.path"));
    Files.createDirectories(classes.resolve("META-INF/services"));
    Files.copy(project.resolve("src/main/resources/META-INF/services/dev.kiln.core.step.StepType"),
        classes.resolve("META-INF/services/dev.kiln.core.step.StepType"));
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, before)) {
      Thread.currentThread().setContextClassLoader(loader); // StepRegistry finds ClipStep's type through it
      var pipeline = (dev.kiln.core.api.KilnPipeline) loader.loadClass("com.acme.taxitips.TaxiTipsPipeline").getMethod("build").invoke(null);
      var registry = dev.kiln.core.step.StepRegistry.standard();
      Path yaml = project.resolve("pipelines/taxi-tips.yaml");
      var fromYaml = new dev.kiln.core.step.PipelineResolver(registry).resolve(dev.kiln.core.spec.YamlSpecLoader.load(yaml), yaml.toString()).spec();
      var fromJava = pipeline.resolve(registry).spec();
      assertEquals(fromYaml.canonicalJson(), fromJava.canonicalJson());
      assertEquals(fromYaml.hash(), fromJava.hash());
      // LabelBigTips's setting reaches the spec from its config record, in Java as in YAML's with:
      assertEquals(0.2, fromJava.step("label").config().path("share").asDouble(-1), fromJava.canonicalJson());
      assertEquals(50.0, fromJava.step("clip").config().path("max").asDouble(-1), fromJava.canonicalJson());
    }
  }

  @Test
  void theNewPomBuildsWithThePluginsOfKilnsOwnBuild() throws Exception {
    String root = Files.readString(Path.of("../pom.xml"));
    for (var plugin : ProjectTemplate.PLUGIN_VERSIONS.entrySet()) {
      Matcher m = Pattern.compile("<artifactId>" + plugin.getKey() + "</artifactId>\\s*<version>([^<]+)</version>").matcher(root);
      assertTrue(m.find(), plugin.getKey() + " is in the root pom's pluginManagement");
      assertEquals(m.group(1), plugin.getValue(), plugin.getKey() + ": the new project must build with what Kiln's build fetched (offline)");
    }
    assertEquals(rootVersion(), ProjectTemplate.mavenVersion());
  }

  @Test
  void aTakenFolderOrABadNameIsAUserError() throws Exception {
    Files.createDirectories(dir.resolve("taken"));
    Files.writeString(dir.resolve("taken/notes.txt"), "mine");
    CliRunner.Result taken = new CliRunner(dir).kiln("new", "taken");
    assertEquals(KilnCli.USER_ERROR, taken.exitCode());
    assertTrue(taken.err().contains("already exists and is not an empty folder"), taken.err());
    assertEquals("mine", Files.readString(dir.resolve("taken/notes.txt")));

    CliRunner.Result bad = new CliRunner(dir).kiln("new", "My Project");
    assertEquals(KilnCli.USER_ERROR, bad.exitCode());
    assertTrue(bad.err().contains("a project name is lower-case letters, digits and dashes"), bad.err());
    assertFalse(Files.exists(dir.resolve("My Project")));
  }

  private static String rootVersion() throws Exception {
    // the parent's own <version>, the first one after </parent>-less root's <artifactId>kiln-parent</artifactId>
    Matcher m = Pattern.compile("<artifactId>kiln-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("../pom.xml")));
    assertTrue(m.find());
    return m.group(1);
  }

  private static void compile(Path sources, Path out, String classPath) throws Exception {
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(sources)) {
      s.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
    }
    Files.createDirectories(out);
    List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", out.toString(), "-cp", classPath));
    args.addAll(files);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    int code = javac.run(null, messages, messages, args.toArray(String[]::new));
    assertEquals(0, code, "javac " + sources + ":\n" + messages.toString(StandardCharsets.UTF_8));
  }
}
