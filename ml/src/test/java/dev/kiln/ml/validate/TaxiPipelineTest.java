package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SharedData;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.ml.stats.StatisticsReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaxiPipelineTest {
  @TempDir Path dir;

  @Test
  void explore() {
    try (TestProject project = new TestProject(dir)) {
      RunOutcome run = project.run("""
          kiln: 1
          pipeline: taxi
          steps:
            data:     { uses: csv, with: { path: %s } }
            split:    { uses: split, in: { examples: data.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
            stats:    { uses: statistics, in: { examples: split.examples } }
            schema:   { uses: schema, in: { statistics: stats.statistics } }
            validate: { uses: validate, in: { statistics: stats.statistics, schema: schema.schema }, with: { onAnomalies: warn, drift: { against: train } } }
          """.formatted(SharedData.file("taxi/csv/data.csv")));
      assertTrue(run.succeeded(), run.error());
      System.out.println(StatisticsReport.render(RunDocuments.json(project, run, "stats", "statistics")));
      System.out.println(RunDocuments.json(project, run, "schema", "schema"));
      System.out.println(AnomaliesReport.render(RunDocuments.json(project, run, "validate", "anomalies")));
    }
  }
}
