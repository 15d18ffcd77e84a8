package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `kiln run` and `kiln runs` print reads true: order, header, times, stage numbers, columns. */
class CliProgressTest {
  @TempDir Path dir;

  private static final String PIPELINE = """
      kiln: 1
      pipeline: progress
      steps:
        data:  { uses: csv, with: { path: data.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
        plus:  { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: split.examples } }
        widen: { uses: transform, class: dev.kiln.core.testing.TimesTwo, in: { examples: data.examples } }
      """;
  // the pipeline's order (topological): what `kiln plan` lists, widen before plus
  private static final List<String> ORDER = List.of("data", "split", "widen", "plus");

  private void writeCsv() throws IOException {
    StringBuilder csv = new StringBuilder("id,fare\n");
    for (int i = 0; i < 40; i++) {
      csv.append(i).append(',').append(5 + i).append(".5\n");
    }
    Files.writeString(dir.resolve("data.csv"), csv);
  }

  @Test
  void stepsAreListedInPipelineOrderAndTheHeaderSaysWhatMayStillComeFromCache() throws IOException {
    writeCsv();
    Path yaml = dir.resolve("p.yaml");
    Files.writeString(yaml, PIPELINE);
    CliRunner cli = new CliRunner(dir);

    CliRunner.Result first = cli.kiln("run", yaml.toString());
    assertEquals(0, first.exitCode(), first.out() + first.err());
    assertTrue(first.out().contains(RunCommand.Progress.TIME_LEGEND), first.out());
    assertTrue(first.out().contains("stage 1: " + String.join(" → ", ORDER) + " …"), first.out());
    assertInPipelineOrder(first.out());

    // New ratios: split reruns, plus may (its input changes, so it does), data and widen stay cached.
    // widen is cached, known before anything runs, but comes after split, so it is listed after split.
    Files.writeString(yaml, PIPELINE.replace("train: 0.5, eval: 0.5", "train: 0.6, eval: 0.4"));
    CliRunner.Result ratios = cli.kiln("run", yaml.toString());
    assertEquals(0, ratios.exitCode(), ratios.out() + ratios.err());
    assertTrue(ratios.out().contains("plan: 2 cached, 2 to run (1 of them kept from cache if their input comes out unchanged)"), ratios.out());
    assertInPipelineOrder(ratios.out());
    assertTrue(ratios.out().matches("(?s).*plus +COMPLETE.*"), ratios.out());
    assertTrue(ratios.out().contains("(2 cached, 2 complete)"), ratios.out());

    // The same bytes with a new modification time: data reruns; the others run in its job, their input
    // comes out unchanged, and the earlier results are kept — what the summary says matches the header.
    Path csv = dir.resolve("data.csv");
    Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 60_000));
    CliRunner.Result touched = cli.kiln("run", yaml.toString());
    assertEquals(0, touched.exitCode(), touched.out() + touched.err());
    assertTrue(touched.out().contains("plan: 0 cached, 4 to run (3 of them kept from cache if their input comes out unchanged)"), touched.out());
    assertTrue(touched.out().matches("(?s).*split +CACHED +\\d+\\.\\ds +examples 40 rows[^\n]* · input unchanged: result of run progress-[^\n]* kept.*"), touched.out());
    assertTrue(touched.out().contains("(3 cached, 1 complete)"), touched.out());
    assertEquals(1, touched.out().lines().filter(l -> l.startsWith("  stage ")).count(), "one job: " + touched.out());
    assertInPipelineOrder(touched.out());
  }

  private static void assertInPipelineOrder(String out) {
    int last = -1;
    for (String step : ORDER) {
      Matcher m = Pattern.compile("(?m)^  " + step + " +(COMPLETE|CACHED|FAILED|SKIPPED)").matcher(out);
      assertTrue(m.find(), step + " is listed: " + out);
      assertTrue(m.start() > last, step + " comes after the steps before it in the pipeline: " + out);
      last = m.start();
    }
  }

  @Test
  void aLongPipelineNameDoesNotRunIntoTheStateColumn() throws IOException {
    writeCsv();
    String name = "a-pipeline-with-a-name-much-longer-than-the-column";
    Path yaml = dir.resolve("p.yaml");
    Files.writeString(yaml, "kiln: 1\npipeline: " + name + "\nsteps:\n  data: { uses: csv, with: { path: data.csv } }\n");
    CliRunner cli = new CliRunner(dir);
    assertEquals(0, cli.kiln("run", yaml.toString()).exitCode());
    CliRunner.Result runs = cli.kiln("runs");
    assertTrue(runs.out().strip().matches(Pattern.quote(name) + "-\\d{8}-\\d{6}-[0-9a-f]{4} +COMPLETE +.*"), runs.out());
  }
}
