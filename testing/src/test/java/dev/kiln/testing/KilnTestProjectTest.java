package dev.kiln.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.api.Csv;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.Split;
import dev.kiln.core.api.StepHandle;
import dev.kiln.core.api.Steps;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilnTestProjectTest {
  @TempDir Path dir;

  /** A user transform: {@code tip = fare / 10}. */
  public static class AddTip extends PTransform<PCollection<Row>, PCollection<Row>> {
    @Override
    public PCollection<Row> expand(PCollection<Row> rows) {
      Schema out = Schema.builder().addFields(rows.getSchema().getFields()).addDoubleField("tip").build();
      return rows.apply("tip", MapElements.into(TypeDescriptors.rows())
          .via((Row r) -> Row.withSchema(out).addValues(r.getValues()).addValue(r.getDouble("fare") / 10).build()))
          .setRowSchema(out);
    }
  }

  private KilnPipeline pipeline() {
    KilnPipeline p = KilnPipeline.named("tips");
    StepHandle data = p.add("data", Csv.read("trips.csv"));
    StepHandle split = p.add("split", Split.byHash("id").ratios("train", 0.5, "eval", 0.5), data.get("examples"));
    p.add("tip", Steps.transform(new AddTip()), split);
    return p;
  }

  private void writeTrips() throws Exception {
    StringBuilder csv = new StringBuilder("id,fare\n");
    for (int i = 1; i <= 40; i++) {
      csv.append(i).append(',').append(i * 2.0).append('\n');
    }
    Files.writeString(dir.resolve("trips.csv"), csv);
  }

  @Test
  void runsAJavaPipelineAndReadsItsRowsBackThenServesTheSecondRunFromCache() throws Exception {
    writeTrips();
    try (KilnTestProject project = KilnTestProject.in(dir)) {
      RunOutcome first = project.run(pipeline());
      assertTrue(first.succeeded(), first.error());
      assertEquals(Map.of("data", "COMPLETE", "split", "COMPLETE", "tip", "COMPLETE"), first.steps());

      List<Row> tipped = project.rows(first, "tip", "examples");
      assertEquals(40, tipped.size());
      for (Row r : tipped) {
        assertEquals(r.getDouble("fare") / 10, r.getDouble("tip"), 1e-12);
      }
      List<Row> train = project.rows(first, "tip", "examples", "train");
      List<Row> eval = project.rows(first, "tip", "examples", "eval");
      assertEquals(40, train.size() + eval.size());
      assertFalse(train.isEmpty() || eval.isEmpty(), "both splits get rows");

      assertTrue(project.plan(pipeline()).steps().values().stream().allMatch(s -> s.decision() == Decision.CACHED));
      RunOutcome second = project.run(pipeline());
      assertEquals(Map.of("data", "CACHED", "split", "CACHED", "tip", "CACHED"), second.steps());
      assertEquals(40, project.rows(second, "tip", "examples").size(), "a cached step's rows are the earlier run's");

      // a wrong step, port or split is named with what there is (one run serves both checks: runs cost seconds)
      assertTrue(assertThrows(IllegalArgumentException.class, () -> project.rows(first, "nope", "examples"))
          .getMessage().contains("step 'nope' has no execution"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> project.rows(first, "tip", "nope"))
          .getMessage().contains("its outputs: [examples]"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> project.rows(first, "tip", "examples", "test"))
          .getMessage().contains("its splits: [eval, train]"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> project.document(first, "tip", "examples"))
          .getMessage().contains("is a dataset"));
    }
    assertTrue(Files.isRegularFile(dir.resolve(".kiln/metadata.db")), "the store is in the test's own folder");
  }

  @Test
  void runsAPipelineFileWithPathsRelativeToTheProject() throws Exception {
    writeTrips();
    Path yaml = Files.writeString(dir.resolve("tips.yaml"), """
        kiln: 1
        pipeline: tips
        steps:
          data: { uses: csv, with: { path: trips.csv } }
        """);
    try (KilnTestProject project = KilnTestProject.in(dir)) {
      RunOutcome run = project.run(yaml);
      assertTrue(run.succeeded(), run.error());
      assertEquals(40, project.rows(run, "data", "examples").size());
      assertEquals(0, project.rows(run, "data", "rejected").size());
    }
  }
}
