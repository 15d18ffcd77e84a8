package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.schema.FeatureSchema;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.Summaries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Drift between splits and skew against a baseline: measured distances and thresholds. */
class DistributionCheckTest {
  private static final Schema SCHEMA = Schema.builder()
      .addNullableField("payment_type", Schema.FieldType.STRING)
      .addNullableField("fare", Schema.FieldType.DOUBLE)
      .build();
  private static final DataSchema ANY = DataSchema.of(List.of(
      new FeatureSchema("payment_type", "STRING", false, null, null),
      new FeatureSchema("fare", "DOUBLE", false, null, null)));

  /** {@code cash} rows of Cash, the rest Credit Card; fares 0..n-1 shifted by {@code shift}. */
  private static Statistics data(int n, int cash, double shift) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Row.withSchema(SCHEMA).addValues(i < cash ? "Cash" : "Credit Card", i + shift).build());
    }
    return Summaries.of(SCHEMA, rows);
  }

  @Test
  void categoricalDriftIsTheLInfinityDistanceAndTripsAboveItsThreshold() {
    Statistics train = data(100, 60, 0); // Cash 60%
    Statistics eval = data(100, 45, 0); // Cash 45%: L-inf 0.15
    List<Anomaly> at01 = DistributionCheck.compare("eval", eval, train, "split train", Comparison.defaults(), AnomalyKind.DRIFT);
    assertEquals(1, at01.size(), at01.toString());
    Anomaly a = at01.get(0);
    assertEquals("payment_type", a.feature());
    assertEquals(AnomalyKind.DRIFT, a.kind());
    assertEquals(0.15, a.measured(), 1e-12);
    assertEquals(0.1, a.threshold());
    assertEquals("L-infinity distance 0.15 of value frequencies from split train is above 0.1; largest change: "
        + "'Cash' 60% -> 45%", a.description());
    Comparison lenient = new Comparison(null, 0.2, null, null);
    assertEquals(List.of(), DistributionCheck.compare("eval", eval, train, "t", lenient, AnomalyKind.DRIFT));
    Comparison perFeature = new Comparison(null, 0.2, null, Map.of("payment_type", 0.149));
    assertEquals(1, DistributionCheck.compare("eval", eval, train, "t", perFeature, AnomalyKind.DRIFT).size());
  }

  @Test
  void numericDriftIsTheJensenShannonDivergenceOfTheQuantileHistograms() {
    Statistics train = data(1000, 500, 0);
    Statistics same = data(1000, 500, 0.25); // a quarter-unit shift of 1000 values: barely different
    Statistics shifted = data(1000, 500, 500); // half the range shifted away
    assertEquals(List.of(), DistributionCheck.compare("eval", same, train, "t", Comparison.defaults(), AnomalyKind.DRIFT));
    List<Anomaly> found = DistributionCheck.compare("eval", shifted, train, "t", Comparison.defaults(), AnomalyKind.DRIFT);
    assertEquals(1, found.size(), found.toString());
    Anomaly a = found.get(0);
    assertEquals("fare", a.feature());
    // uniform on [0, 1000) vs [500, 1500): overlap half -> P = (1/2, 1/2, 0), Q = (0, 1/2, 1/2): JS = 1/2
    assertEquals(0.5, a.measured(), 0.01);
    assertTrue(a.description().startsWith("Jensen-Shannon divergence 0.5"), a.description());
  }

  @Test
  void validatorComparesEveryOtherSplitWithTheDriftSplitAndTheBaselineBySplitName() {
    StatisticsDocument data = StatisticsDocument.of(Map.of("train", data(100, 60, 0), "eval", data(100, 30, 0),
        "test", data(100, 60, 0)));
    Validator drift = new Validator(Comparison.defaults(), null);
    AnomaliesDocument d = drift.validate(data, ANY, null);
    assertEquals(List.of("eval", "test", "train"), d.splits());
    assertEquals(1, d.anomalies().size(), d.anomalies().toString());
    assertEquals("eval", d.anomalies().get(0).split());
    assertEquals(AnomalyKind.DRIFT, d.anomalies().get(0).kind());

    StatisticsDocument baseline = StatisticsDocument.of(Map.of("train", data(100, 30, 0), "eval", data(100, 30, 0),
        "test", data(100, 30, 0)));
    AnomaliesDocument skew = new Validator(null, null).validate(data, ANY, baseline);
    assertEquals(List.of("test", "train"), skew.anomalies().stream().map(Anomaly::split).toList());
    assertTrue(skew.anomalies().stream().allMatch(a -> a.kind() == AnomalyKind.SKEW));
    assertTrue(skew.anomalies().get(0).description().contains("from the baseline's split test"), skew.anomalies().get(0).description());

    StatisticsDocument unsplitBaseline = StatisticsDocument.of(Map.of("", data(100, 30, 0)));
    assertEquals(2, new Validator(null, null).validate(data, ANY, unsplitBaseline).anomalies().size(),
        "an unsplit baseline is compared with every split");
  }

  @Test
  void aDriftSplitThatDoesNotExistIsAOneLineSetupError() {
    StatisticsDocument unsplit = StatisticsDocument.of(Map.of("", data(10, 5, 0)));
    ValidationSetupException e = assertThrows(ValidationSetupException.class,
        () -> new Validator(Comparison.defaults(), null).validate(unsplit, ANY, null));
    assertEquals("key 'with.drift.against': the statistics have no split 'train' to compare the others with; "
        + "splits are [(unsplit)]", e.getMessage());
    StatisticsDocument twoSplits = StatisticsDocument.of(Map.of("a", data(10, 5, 0), "b", data(10, 5, 0)));
    StatisticsDocument otherSplits = StatisticsDocument.of(Map.of("x", data(10, 5, 0), "y", data(10, 5, 0)));
    ValidationSetupException skew = assertThrows(ValidationSetupException.class,
        () -> new Validator(null, null).validate(twoSplits, ANY, otherSplits));
    assertTrue(skew.getMessage().contains("set with.skew.against"), skew.getMessage());
  }

  @Test
  void thresholdsMustBeBetweenZeroAndOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Comparison(null, null, 1.5, null));
    assertEquals("numericThreshold must be a number in [0, 1], not 1.5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Comparison(null, null, null, Map.of("fare", -0.1)));
  }
}
