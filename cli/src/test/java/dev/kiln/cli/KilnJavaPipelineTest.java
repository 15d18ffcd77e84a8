package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.api.Csv;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.SourceOutputs;
import dev.kiln.core.api.Split;
import dev.kiln.testing.ConsoleOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kiln.run: every kiln command for a pipeline built in Java, printing what the CLI prints for the same pipeline in YAML. */
class KilnJavaPipelineTest {
  @TempDir Path dir;

  private static final String YAML = """
      kiln: 1
      pipeline: small
      steps:
        data:  { uses: csv, with: { path: data.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
      """;

  private static KilnPipeline java() {
    KilnPipeline small = KilnPipeline.named("small");
    SourceOutputs data = small.add("data", Csv.read("data.csv"));
    small.add("split", Split.of(data.examples()).withKey("id").withRatio("train", 0.5).withRatio("eval", 0.5));
    return small;
  }

  @Test
  void aCommandIsPassedAsGivenAndRunIsTheDefault() {
    assertArrayEquals(new String[] {"show", "last"}, Kiln.commandLine("show", "last"));
    assertArrayEquals(new String[] {"gc", "--delete"}, Kiln.commandLine("gc", "--delete"));
    assertArrayEquals(new String[] {"runs", "--project", "p"}, Kiln.commandLine("runs", "--project", "p"));
    assertArrayEquals(new String[] {"--project", "p", "verify", "--all"}, Kiln.commandLine("--project", "p", "verify", "--all"));
    assertArrayEquals(new String[] {"run"}, Kiln.commandLine());
    assertArrayEquals(new String[] {"run", "--runner", "flink"}, Kiln.commandLine("--runner", "flink"));
    assertArrayEquals(new String[] {"--help"}, Kiln.commandLine("--help"));
  }

  @Test
  void everyCommandOfAJavaPipelinePrintsWhatTheCliPrintsForItsYaml() throws IOException {
    StringBuilder csv = new StringBuilder("id,fare\n");
    for (int i = 0; i < 30; i++) {
      csv.append(i).append(',').append(5 + i).append(".5\n");
    }
    Files.writeString(dir.resolve("data.csv"), csv);
    Path yaml = Files.writeString(dir.resolve("small.yaml"), YAML);
    CliRunner cli = new CliRunner(dir);
    String project = dir.toString();

    String run = java("run", "--project", project);
    assertTrue(run.matches("(?s).*data +COMPLETE +\\d+\\.\\ds +examples 30 rows · rejected 0 rows.*"), run);
    assertFalse(run.contains("INFO"), run);
    // the YAML twin is the same pipeline: cached, and every command prints the same
    assertTrue(cli.kiln("run", yaml.toString()).out().contains("plan: 2 cached, 0 to run"));
    assertEquals(cli.kiln("plan", yaml.toString()).out(), java("plan", "--project", project));
    for (String[] command : new String[][] {{"runs"}, {"show", "last"}, {"artifacts"}, {"verify", "--all"}, {"gc"}}) {
      CliRunner.Result fromCli = cli.kiln(command);
      String[] withProject = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--project", project))
          .toArray(String[]::new);
      assertEquals(0, fromCli.exitCode(), fromCli.err());
      assertEquals(fromCli.out(), java(withProject), String.join(" ", command));
    }
  }

  /** Kiln.run as a Java pipeline's main calls it, with stdout and stderr captured; fails unless it exits 0. */
  private static String java(String... args) {
    return ConsoleOutput.of(() -> Kiln.run(java(), args)).successText();
  }
}
