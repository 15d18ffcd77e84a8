package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SharedData;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.schema.FeatureSchema;
import dev.kiln.ml.schema.SchemaInference;
import dev.kiln.ml.schema.SchemaJson;
import dev.kiln.ml.stats.FeatureStatistics;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.StatisticsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship's data steps on the taxi CSV: split, statistics of both splits, a schema inferred from
 * train, eval validated against it and for drift against train (policy warn). With the defaults a
 * random split of one data set is clean, a real skew is not, and explicit strict settings flag every
 * value beyond train's.
 */
class TaxiPipelineTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: taxi
      steps:
        data:     { uses: csv, with: { path: %s } }
        split:    { uses: split, in: { examples: data.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
        stats:    { uses: statistics, in: { examples: split.examples } }
        schema:   { uses: schema, in: { statistics: stats.statistics } }
        validate: { uses: validate, in: { statistics: stats.statistics, schema: schema.schema }, with: { onAnomalies: warn, drift: { against: train } } }
        strictSchema:   { uses: schema, in: { statistics: stats.statistics }, with: { rangeMargin: 0 } }
        strictValidate: { uses: validate, in: { statistics: stats.statistics, schema: strictSchema.schema }, with: { onAnomalies: warn, minShare: 0 } }
      """;

  @TempDir Path dir;

  /** One run (the taxi pipeline takes a while): the defaults, then explicit strict settings on the same statistics. */
  @Test
  void aRandomSplitOfOneDataSetValidatesCleanWithTheDefaultsAndStrictSettingsFlagEveryValueBeyondTrain() {
    try (TestProject project = new TestProject(dir)) {
      RunOutcome run = project.run(PIPELINE.formatted(SharedData.file("taxi/csv/data.csv")));
      assertTrue(run.succeeded(), run.error());
      StatisticsDocument stats = StatisticsJson.documentFromJson(RunDocuments.json(project, run, "stats", "statistics"));
      DataSchema schema = SchemaJson.fromJson(RunDocuments.json(project, run, "schema", "schema"), "schema");
      String json = RunDocuments.json(project, run, "validate", "anomalies");
      AnomaliesDocument anomalies = AnomaliesJson.fromJson(json);

      // The range is train's, widened by a tenth of its width on each side but not below 0 (fares never are).
      FeatureStatistics trainFare = stats.split("train").feature("fare").orElseThrow();
      double width = trainFare.numbers().max() - trainFare.numbers().min();
      assertEquals(0.0, trainFare.numbers().min());
      assertEquals(new FeatureSchema.ValueRange(0.0, trainFare.numbers().max() + SchemaInference.DEFAULT_RANGE_MARGIN * width),
          schema.feature("fare").orElseThrow().range());
      assertEquals(List.of("Cash", "Credit Card", "Dispute", "No Charge", "Pcard", "Unknown"),
          schema.feature("payment_type").orElseThrow().domain());
      assertFalse(schema.feature("trip_seconds").orElseThrow().required(), "train has rows without trip_seconds");

      // Eval holds the one 'Prcard' payment and a tip above train's range (1 value each of ~2,000) and
      // timestamps within the margin: the noise of a random split, no anomaly; the statistics still count them.
      FeatureStatistics evalPayment = stats.split("eval").feature("payment_type").orElseThrow();
      assertTrue(evalPayment.strings().top().stream().anyMatch(vc -> vc.value().equals("Prcard") && vc.count() == 1));
      assertTrue(stats.split("eval").feature("tips").orElseThrow().numbers().max()
          > schema.feature("tips").orElseThrow().range().max(), "a tip beyond the range, within the share");
      assertEquals(List.of("eval", "train"), anomalies.splits());
      assertEquals(List.of(), anomalies.anomalies());
      assertTrue(AnomaliesReport.render(json).startsWith("no anomalies"), AnomaliesReport.render(json));

      explicitStrictSettingsFlagEveryValueBeyondTrain(project, run, stats);
    }
  }

  @Test
  void aRealSkewIsCaughtWithTheDefaults() throws IOException {
    // The taxi file with fare -1 in every 10th row and a new payment type in other 10% of the rows. (The
    // count of values below a bound is the proven one, to the quantiles' 5% steps: -1 in 10% of the rows
    // puts the 5% quantile at -1.)
    Path skewed = dir.resolve("skewed.csv");
    List<String> lines = Files.readAllLines(SharedData.file("taxi/csv/data.csv"));
    List<String> out = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", 15); // fare is column 1, payment_type 13; only company after may be quoted
      if (i % 10 == 0) {
        f[1] = "-1";
      }
      if (i % 10 == 5) {
        f[13] = "Bitcoin";
      }
      out.add(String.join(",", f));
    }
    Files.write(skewed, out);
    try (TestProject project = new TestProject(dir.resolve("project"))) {
      RunOutcome run = project.run("""
          kiln: 1
          pipeline: taxi
          steps:
            data:     { uses: csv, with: { path: %s } }
            split:    { uses: split, in: { examples: data.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
            stats:    { uses: statistics, in: { examples: split.examples } }
            schema:   { uses: schema, in: { statistics: stats.statistics } }
            new:      { uses: csv, with: { path: %s } }
            newSplit: { uses: split, in: { examples: new.examples }, with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } } }
            newStats: { uses: statistics, in: { examples: newSplit.examples } }
            validate: { uses: validate, in: { statistics: newStats.statistics, schema: schema.schema }, with: { onAnomalies: warn } }
          """.formatted(SharedData.file("taxi/csv/data.csv"), skewed));
      assertTrue(run.succeeded(), run.error());
      AnomaliesDocument anomalies = AnomaliesJson.fromJson(RunDocuments.json(project, run, "validate", "anomalies"));
      List<String> eval = anomalies.anomalies().stream().filter(a -> a.split().equals("eval"))
          .map(a -> a.feature() + " " + a.kind().jsonName()).toList();
      assertEquals(List.of("fare out_of_range", "payment_type out_of_domain"), eval, anomalies.anomalies().toString());
      Anomaly fare = anomalies.anomalies().stream().filter(a -> a.split().equals("eval") && a.feature().equals("fare"))
          .findFirst().orElseThrow();
      assertEquals(-1.0, fare.measured());
      assertEquals(0.0, fare.threshold(), "a fare is never negative: 0 bounds the range");
      assertTrue(fare.count() >= 90, "at least 5% of ~2,000 eval rows: " + fare);
    }
  }

  /** {@code rangeMargin: 0} and {@code minShare: 0}: the behaviour before the defaults changed. */
  private static void explicitStrictSettingsFlagEveryValueBeyondTrain(TestProject project, RunOutcome run,
      StatisticsDocument stats) {
    DataSchema schema = SchemaJson.fromJson(RunDocuments.json(project, run, "strictSchema", "schema"), "schema");
    AnomaliesDocument anomalies = AnomaliesJson.fromJson(RunDocuments.json(project, run, "strictValidate", "anomalies"));

    FeatureStatistics trainFare = stats.split("train").feature("fare").orElseThrow();
    assertEquals(new FeatureSchema.ValueRange(trainFare.numbers().min(), trainFare.numbers().max()),
        schema.feature("fare").orElseThrow().range(), "the range is train's");

    // Eval (the split is pinned by SplitHash) holds the one 'Prcard' payment, a tip above train's
    // largest, and the two extreme timestamps: strict settings report each of them.
    assertEquals(List.of("payment_type out_of_domain", "tips out_of_range", "trip_start_timestamp out_of_range",
        "trip_start_timestamp out_of_range"), anomalies.anomalies().stream()
        .map(a -> a.feature() + " " + a.kind().jsonName()).toList(), anomalies.anomalies().toString());
    assertTrue(anomalies.anomalies().stream().allMatch(a -> a.split().equals("eval")));
    assertEquals(1L, anomalies.anomalies().get(0).count());
    Anomaly high = anomalies.anomalies().get(1);
    assertEquals(stats.split("eval").feature("tips").orElseThrow().numbers().max(), high.measured());
    assertEquals(schema.feature("tips").orElseThrow().range().max(), high.threshold());
    assertTrue(AnomaliesReport.render(RunDocuments.json(project, run, "strictValidate", "anomalies"))
        .startsWith("4 anomalies (splits checked: eval, train)\n"));
  }
}
