package dev.kiln.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.KilnCli;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.testing.ConsoleOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's examples work as written: its YAML pipelines resolve (and run), its Java snippet compiles and resolves. */
class ReadmeExamplesTest {
  private static final Path README = Path.of("../README.md");

  @TempDir Path tmp;

  private static List<String> blocks(String language) throws IOException {
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** The ```yaml blocks that are whole pipeline files. */
  private static List<String> pipelines() throws IOException {
    List<String> pipelines = blocks("yaml").stream().filter(b -> b.contains("kiln: 1") && b.contains("\nsteps:")).toList();
    assertFalse(pipelines.isEmpty(), "the README shows a pipeline in YAML");
    return pipelines;
  }

  @Test
  void everyYamlPipelineResolvesAsWritten() throws IOException {
    for (String yaml : pipelines()) {
      ResolvedPipeline p = new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.parse(yaml, "README.md"), "README.md");
      assertTrue(p.order().size() >= 2, yaml);
    }
  }

  /**
   * The README's Java block is a whole source file: compiled exactly as written (no lines added or
   * dropped, so what a reader copies is what was compiled), loaded, and its pipeline resolved.
   */
  private KilnPipeline compileTheJavaSnippet() throws Exception {
    List<String> java = blocks("java");
    assertEquals(1, java.size(), "one Java snippet in the README");
    String source = java.get(0);
    Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
    Matcher cls = Pattern.compile("(?m)^public (?:final )?class (\\w+)").matcher(source);
    assertTrue(pkg.find() && cls.find(), "the README's Java snippet is a whole file, with its package and imports");
    String className = pkg.group(1) + "." + cls.group(1);
    Path src = tmp.resolve("src").resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = javac.run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8),
        "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
    assertEquals(0, code, source + "\n" + errors.toString(StandardCharsets.UTF_8));
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    return (KilnPipeline) loader.loadClass(className).getMethod("pipeline").invoke(null);
  }

  @Test
  void theJavaSnippetCompilesAsWrittenAndBuildsAPipelineThatResolves() throws Exception {
    ResolvedPipeline p = compileTheJavaSnippet().resolve(StepRegistry.standard());
    assertEquals("data.examples", p.stepSpec("split").inputs().get("examples").toString());
    assertEquals("preprocess.examples.train", p.stepSpec("train").inputs().get("examples").toString());
    assertEquals(List.of("data", "split", "label", "preprocess", "train", "evaluate"), p.order());
  }

  /**
   * The snippet's main does {@code Kiln.run(pipeline(), args)}: run so on the first 2,000 rows of the
   * taxi sample, it prints the CLI's lines (every step COMPLETE) and no runner logs, and {@code plan}
   * then finds every step cached.
   */
  @Test
  @Tag("e2e")
  void theJavaSnippetRunsWithKilnRun() throws Exception {
    KilnPipeline pipeline = compileTheJavaSnippet();
    Path project = tmp.resolve("project");
    Files.createDirectories(project.resolve("examples/data"));
    try (var lines = Files.lines(Path.of("data/taxi.csv"))) {
      Files.write(project.resolve("examples/data/taxi.csv"), lines.limit(2001).toList());
    }
    String run = kilnRun(pipeline, "run", "--project", project.toString());
    assertTrue(run.startsWith("Initialized a Kiln project"), run);
    for (String step : List.of("data", "split", "label", "preprocess", "train", "evaluate")) {
      assertTrue(Pattern.compile("(?m)^  " + step + " +COMPLETE ").matcher(run).find(), step + " COMPLETE in:\n" + run);
    }
    assertFalse(run.contains("INFO"), run);
    String plan = kilnRun(pipeline, "plan", "--project", project.toString());
    assertTrue(plan.contains("everything is cached: a run launches no Beam job"), plan);
  }

  /** Runs Kiln.run as the snippet's main does, with stdout and stderr captured; fails on a non-zero exit. */
  private static String kilnRun(KilnPipeline pipeline, String... args) {
    return ConsoleOutput.of(() -> dev.kiln.cli.Kiln.run(pipeline, args)).successText();
  }

  /** The README's pipeline run on the taxi sample (DirectRunner; a step's {@code backend:} is dropped). */
  @Test
  @Tag("e2e")
  void theYamlPipelineRunsOnTheTaxiSample() throws IOException {
    Path project = tmp.resolve("project");
    Files.createDirectories(project.resolve("examples/data"));
    Files.copy(Path.of("data/taxi.csv"), project.resolve("examples/data/taxi.csv"));
    for (String yaml : pipelines()) {
      Path file = project.resolve("readme.yaml");
      Files.writeString(file, yaml.replaceAll("(?m)^\\s*backend: .*\\n", ""));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = KilnCli.execute(new String[] {"run", file.toString(), "--project", project.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(KilnCli.OK, code, out.toString(StandardCharsets.UTF_8));
    }
  }
}
