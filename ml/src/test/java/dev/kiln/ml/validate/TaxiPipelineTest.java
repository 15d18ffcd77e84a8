package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SharedData;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.schema.FeatureSchema;
import dev.kiln.ml.schema.SchemaJson;
import dev.kiln.ml.stats.FeatureStatistics;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.StatisticsJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship's data steps on the taxi CSV: split, statistics of both splits, a schema inferred from
 * train, eval validated against it and for drift against train (policy warn).
 */
class TaxiPipelineTest {
  @TempDir Path dir;

  @Test
  void schemaFromTrainAndTheAnomaliesOfEval() {
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
      StatisticsDocument stats = StatisticsJson.documentFromJson(RunDocuments.json(project, run, "stats", "statistics"));
      DataSchema schema = SchemaJson.fromJson(RunDocuments.json(project, run, "schema", "schema"), "schema");
      AnomaliesDocument anomalies = AnomaliesJson.fromJson(RunDocuments.json(project, run, "validate", "anomalies"));

      FeatureStatistics trainFare = stats.split("train").feature("fare").orElseThrow();
      FeatureSchema fare = schema.feature("fare").orElseThrow();
      assertEquals(new FeatureSchema.ValueRange(trainFare.numbers().min(), trainFare.numbers().max()), fare.range(),
          "the range is train's");
      assertEquals(List.of("Cash", "Credit Card", "Dispute", "No Charge", "Pcard", "Unknown"),
          schema.feature("payment_type").orElseThrow().domain());
      assertFalse(schema.feature("trip_seconds").orElseThrow().required(), "train has rows without trip_seconds");

      // Train is valid against its own schema. Eval (the split is pinned by SplitHash) holds the one
      // 'Prcard' payment, a tip above train's largest, and the two extreme timestamps; eval and train
      // are random parts of one sample, so no drift.
      assertEquals(List.of("eval", "train"), anomalies.splits());
      assertEquals(List.of("payment_type out_of_domain", "tips out_of_range", "trip_start_timestamp out_of_range",
          "trip_start_timestamp out_of_range"), anomalies.anomalies().stream()
          .map(a -> a.feature() + " " + a.kind().jsonName()).toList(), anomalies.anomalies().toString());
      assertTrue(anomalies.anomalies().stream().allMatch(a -> a.split().equals("eval")));
      assertEquals(1L, anomalies.anomalies().get(0).count());
      Anomaly high = anomalies.anomalies().get(1);
      assertEquals(stats.split("eval").feature("tips").orElseThrow().numbers().max(), high.measured());
      assertEquals(schema.feature("tips").orElseThrow().range().max(), high.threshold());
      assertTrue(AnomaliesReport.render(RunDocuments.json(project, run, "validate", "anomalies"))
          .startsWith("4 anomalies (splits checked: eval, train)\n"));
    }
  }
}
