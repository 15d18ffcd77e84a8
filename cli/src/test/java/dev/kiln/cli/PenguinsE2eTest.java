package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TFX penguins pipeline's shape on penguins-like data (300 rows, species 0/1/2 as an integer
 * label): csv → split → preprocess → train (multiclass logistic) → evaluate, preprocess and train in
 * one Beam job. It failed with {@code ClassCastException: Double cannot be cast to Long} in the fused
 * stage; each step alone or a string label worked.
 */
@Tag("e2e")
class PenguinsE2eTest {
  @TempDir Path dir;

  @Test
  void anIntegerLabelledMulticlassPipelineRunsFusedAndIsCachedTheSecondTime() throws Exception {
    for (String name : new String[] {"penguins.csv", "penguins.yaml"}) {
      try (InputStream in = getClass().getResourceAsStream("/penguins/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    CliRunner cli = new CliRunner(dir);
    assertEquals(0, cli.kiln("init").exitCode());

    CliRunner.Result first = cli.kiln("run", dir.resolve("penguins.yaml").toString());
    assertEquals(0, first.exitCode(), first.out() + first.err());
    assertTrue(first.out().contains("stage 1: data → split → preprocess → train → evaluate"), "one fused job: " + first.out());
    for (String step : new String[] {"data", "split", "preprocess", "train", "evaluate"}) {
      assertTrue(first.out().matches("(?s).*\\n  " + step + " +COMPLETE.*"), step + ": " + first.out());
    }
    CliRunner.Result show = cli.kiln("show", "last");
    assertTrue(show.out().contains("multiclass logistic model of 'species'"), "a three-class model: " + show.out());

    CliRunner.Result second = cli.kiln("run", dir.resolve("penguins.yaml").toString());
    assertEquals(0, second.exitCode(), second.out() + second.err());
    assertTrue(second.out().contains("plan: 5 cached, 0 to run"), second.out());
  }
}
