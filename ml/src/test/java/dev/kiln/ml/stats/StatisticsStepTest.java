package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import dev.kiln.ml.validate.RunDocuments;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code statistics} step through the orchestrator: the taxi CSV (unsplit and split) and the same
 * rows as Avro through the {@code avro} step, in one run.
 */
class StatisticsStepTest {
  @TempDir static Path dir;
  private static TestProject project;
  private static RunOutcome run;
  private static StatisticsDocument csv;
  private static StatisticsDocument avro;
  private static StatisticsDocument split;

  @BeforeAll
  static void runOnce() {
    project = new TestProject(dir);
    run = project.run("""
        kiln: 1
        pipeline: stats
        steps:
          csv:        { uses: csv, with: { path: %s } }
          avro:       { uses: avro, with: { path: %s } }
          split:      { uses: split, in: { examples: csv.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
          csv_stats:  { uses: statistics, in: { examples: csv.examples } }
          avro_stats: { uses: statistics, in: { examples: avro.examples } }
          split_stats: { uses: statistics, in: { examples: split.examples }, with: { topK: 5 } }
        """.formatted(TaxiData.csv(), TaxiData.avro()));
    assertTrue(run.succeeded(), run.error());
    csv = StatisticsJson.documentFromJson(RunDocuments.json(project, run, "csv_stats", "statistics"));
    avro = StatisticsJson.documentFromJson(RunDocuments.json(project, run, "avro_stats", "statistics"));
    split = StatisticsJson.documentFromJson(RunDocuments.json(project, run, "split_stats", "statistics"));
  }

  @AfterAll
  static void close() {
    project.close();
  }

  @Test
  void anUnsplitDatasetGivesOneSplitNamedEmptyWithTheExactFigures() {
    assertEquals(List.of(""), List.copyOf(csv.splits().keySet()));
    Statistics s = csv.split("");
    assertEquals(10_000, s.rows());
    Schema schema = TaxiData.csvSchema();
    List<Row> rows = TaxiData.csvRows(schema);
    int numeric = 0;
    for (FeatureStatistics f : s.features()) {
      ExactColumn exact = new ExactColumn(rows, f.name());
      assertEquals(exact.count, f.count(), f.name());
      assertEquals(exact.missing, f.missing(), f.name());
      if (f.numbers() != null && f.numbers().min() != null) {
        numeric++;
        assertEquals(exact.sorted[0], f.numbers().min(), f.name());
        assertEquals(exact.sorted[exact.sorted.length - 1], f.numbers().max(), f.name());
        assertEquals(exact.zeros(), f.numbers().zeros(), f.name());
        assertEquals(exact.mean(), f.numbers().mean(), 1e-9 * Math.abs(exact.mean()), f.name());
        assertEquals(exact.stdDev(), f.numbers().stdDev(), 1e-9 * exact.stdDev(), f.name());
      }
    }
    assertEquals(15, numeric);
    assertEquals("Statistics", RunDocuments.output(project, run, "csv_stats", "statistics").orElseThrow().type());
  }

  @Test
  void csvAndAvroThroughTheirStepsGiveConsistentStatistics() {
    Statistics c = csv.split("");
    Statistics a = avro.split("");
    assertEquals(c.rows(), a.rows());
    int doubles = 0;
    for (FeatureStatistics cf : c.features()) {
      FeatureStatistics af = a.feature(cf.name()).orElseThrow();
      assertEquals(cf.count(), af.count(), cf.name() + " count");
      assertEquals(cf.missing(), af.missing(), cf.name() + " missing");
      if (cf.numbers() == null || cf.numbers().mean() == null) {
        continue;
      }
      double mean = cf.numbers().mean();
      if (af.type().equals("FLOAT")) {
        // The Avro file stores these columns as 32-bit floats: each value moved by at most half an ulp.
        double ulp = Math.ulp((float) Math.max(Math.abs(cf.numbers().min()), Math.abs(cf.numbers().max())));
        assertEquals(mean, af.numbers().mean(), ulp, cf.name() + " mean");
      } else {
        doubles++;
        assertEquals(mean, af.numbers().mean(), 1e-9 * Math.abs(mean), cf.name() + " mean");
      }
    }
    assertTrue(doubles >= 5, "columns compared at 1e-9: " + doubles);
    assertEquals(c.feature("payment_type").orElseThrow().strings(), a.feature("payment_type").orElseThrow().strings());
  }

  @Test
  void aSplitDatasetGivesTheStatisticsOfEverySplitInOneDocument() {
    assertEquals(List.of("eval", "train"), List.copyOf(split.splits().keySet()));
    long rows = split.split("eval").rows() + split.split("train").rows();
    assertEquals(10_000, rows);
    for (Statistics s : split.splits().values()) {
      for (FeatureStatistics f : s.features()) {
        assertEquals(s.rows(), f.count() + f.missing(), f.name());
      }
      assertEquals(5, s.options().topK(), "the step's settings reach the statistics");
      assertEquals(5, s.feature("payment_type").orElseThrow().strings().top().size());
    }
    long cash = split.split("eval").feature("payment_type").orElseThrow().strings().top().get(0).count()
        + split.split("train").feature("payment_type").orElseThrow().strings().top().get(0).count();
    assertEquals(csv.split("").feature("payment_type").orElseThrow().strings().top().get(0).count(), cash,
        "the splits' Cash counts add up to the whole's");
  }

  @Test
  void theReportShowsEverySplitAsATable() {
    String report = StatisticsReport.render(StatisticsJson.toJson(split));
    assertTrue(report.startsWith("split eval: "), report);
    assertTrue(report.contains("\nsplit train: "), report);
    String fareLine = report.lines().filter(l -> l.startsWith("fare ")).findFirst().orElseThrow();
    Statistics eval = split.split("eval");
    assertTrue(fareLine.contains(TextTable.number(eval.feature("fare").orElseThrow().numbers().max())), fareLine);
    String payment = report.lines().filter(l -> l.startsWith("payment_type ")).findFirst().orElseThrow();
    assertTrue(payment.contains("Cash "), payment);
  }

  @Test
  void badSettingsAreSpecErrorsNamingTheKey() {
    SpecException e = assertThrows(SpecException.class, () -> project.resolve("""
        kiln: 1
        pipeline: stats
        steps:
          csv:   { uses: csv, with: { path: data.csv } }
          stats: { uses: statistics, in: { examples: csv.examples }, with: { topK: -1 } }
        """));
    assertTrue(e.getMessage().contains("step 'stats'") && e.getMessage().contains("key 'with': topK must not be negative, got -1"),
        e.getMessage());
    SpecException unknown = assertThrows(SpecException.class, () -> project.resolve("""
        kiln: 1
        pipeline: stats
        steps:
          csv:   { uses: csv, with: { path: data.csv } }
          stats: { uses: statistics, in: { examples: csv.examples }, with: { top: 3 } }
        """));
    assertTrue(unknown.getMessage().contains("with.top"), unknown.getMessage());
  }
}
