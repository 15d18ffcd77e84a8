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

  @Test
  void theJavaSnippetCompilesAndBuildsAPipelineThatResolves() throws Exception {
    List<String> java = blocks("java");
    assertEquals(1, java.size(), "one Java snippet in the README");
    StringBuilder body = new StringBuilder();
    for (String line : java.get(0).split("\n")) {
      // The snippet ends in System.exit(Kiln.run(...)): compiled as written, run only when asked.
      body.append(line.contains("System.exit") ? "    if (args.length > 0) {\n      " + line + "\n    }\n" : "    " + line + "\n");
    }
    String source = """
        package readme;

        import dev.kiln.cli.Kiln;
        import dev.kiln.core.api.*;
        import dev.kiln.examples.taxi.DeriveBigTipper;

        public final class Snippet {
          public static KilnPipeline build(String[] args) {
        %s    return taxi;
          }
        }
        """.formatted(body);
    Path src = tmp.resolve("src/readme/Snippet.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = javac.run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8),
        "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
    assertEquals(0, code, source + "\n" + errors.toString(StandardCharsets.UTF_8));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      KilnPipeline taxi = (KilnPipeline) loader.loadClass("readme.Snippet").getMethod("build", String[].class)
          .invoke(null, (Object) new String[0]);
      ResolvedPipeline p = taxi.resolve(StepRegistry.standard());
      assertEquals("data.examples", p.stepSpec("split").inputs().get("examples").toString());
    }
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
