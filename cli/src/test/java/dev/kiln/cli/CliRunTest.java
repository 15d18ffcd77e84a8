package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's path through the CLI: run, cached rerun, plan after a change, runs, show, artifacts, lineage. */
class CliRunTest {
  @TempDir Path dir;

  private static final String PIPELINE = """
      kiln: 1
      pipeline: small
      steps:
        data:  { uses: csv, with: { path: data.csv } }
        split: { uses: split, in: { examples: data.examples }, with: { key: id, ratios: { train: 0.5, eval: 0.5 } } }
      """;

  @Test
  void runThenCachedRunThenInspect() throws IOException {
    StringBuilder csv = new StringBuilder("id,fare,tips\n");
    for (int i = 0; i < 50; i++) {
      csv.append(i).append(',').append(5 + i).append(".5,").append(i % 3).append('\n');
    }
    Files.writeString(dir.resolve("data.csv"), csv);
    Files.writeString(dir.resolve("p.yaml"), PIPELINE);
    CliRunner cli = new CliRunner(dir);

    CliRunner.Result first = cli.kiln("run", dir.resolve("p.yaml").toString());
    assertEquals(0, first.exitCode(), first.out() + first.err());
    assertTrue(first.out().matches("(?s).*data +COMPLETE +\\d+\\.\\ds +examples 50 rows · rejected 0 rows.*"), first.out());
    assertTrue(first.out().matches("(?s).*split +COMPLETE.*"), first.out());

    CliRunner.Result second = cli.kiln("run", dir.resolve("p.yaml").toString());
    assertEquals(0, second.exitCode());
    assertTrue(second.out().contains("plan: 2 cached, 0 to run"), second.out());
    assertTrue(second.out().matches("(?s).*data +CACHED +examples 50 rows.*"), second.out());
    assertTrue(second.out().contains("(2 cached)"), second.out());

    Files.writeString(dir.resolve("p.yaml"), PIPELINE.replace("train: 0.5, eval: 0.5", "train: 0.6, eval: 0.4"));
    CliRunner.Result plan = cli.kiln("plan", dir.resolve("p.yaml").toString());
    assertEquals(0, plan.exitCode());
    assertTrue(plan.out().matches("(?s).*data +CACHED +unchanged since run small-.*"), plan.out());
    assertTrue(plan.out().matches("(?s).*split +RUN +config changed: ratios.*"), plan.out());

    CliRunner.Result runs = cli.kiln("runs");
    assertEquals(2, runs.out().strip().lines().count(), runs.out());
    assertTrue(runs.out().lines().allMatch(l -> l.contains("COMPLETE")), runs.out());

    CliRunner.Result show = cli.kiln("show", "last");
    assertTrue(show.out().contains("data (csv, execution"), show.out());
    assertTrue(show.out().contains("CACHED"), show.out());

    CliRunner.Result artifacts = cli.kiln("artifacts");
    assertTrue(artifacts.out().contains("small/split/examples"), artifacts.out());

    CliRunner.Result lineage = cli.kiln("lineage", "3");
    assertEquals(0, lineage.exitCode(), lineage.err());
    assertTrue(lineage.out().contains("split (split, execution"), lineage.out());
    assertTrue(lineage.out().contains("reads data.csv"), lineage.out());
  }
}
