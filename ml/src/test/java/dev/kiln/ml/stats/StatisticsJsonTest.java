package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsJsonTest {
  private static Statistics sample() {
    NumericStatistics numbers = new NumericStatistics(1.5, 0.5, 1.0, 2.0, 0, 0,
        new NumericStatistics.Quantiles(0, 0, List.of(new NumericStatistics.QuantilePoint(0, 1.0),
            new NumericStatistics.QuantilePoint(1, 2.0))),
        new NumericStatistics.Histogram(0, List.of(new NumericStatistics.Bucket(1.0, 2.0, 2))));
    StringStatistics strings = new StringStatistics(1, true, 0, List.of(new StringStatistics.ValueCount("Cash", 2)), 0, 4.0, 0);
    return new Statistics(Statistics.FORMAT, 2, List.of(
        new FeatureStatistics("fare", "DOUBLE", FeatureKind.NUMERIC, true, 2, 0, numbers, null, null),
        new FeatureStatistics("payment_type", "STRING", FeatureKind.STRING, false, 2, 0, null, strings, null)),
        StatisticsOptions.defaults());
  }

  @Test
  void keysAreSortedAtEveryLevelAndNullsLeftOut() {
    String json = StatisticsJson.toJson(sample());
    assertTrue(json.startsWith("{\"features\":[{\"count\":2,\"kind\":\"numeric\",\"missing\":0,\"name\":\"fare\",\"nullable\":true,\"numbers\":{"), json);
    assertTrue(json.contains("\"options\":{\"heavyHitterCapacity\":2048,\"histogramBuckets\":10,\"hllPrecision\":14,"), json);
    assertTrue(json.endsWith(",\"rows\":2}"), json);
    assertTrue(!json.contains(":null"), json);
  }

  @Test
  void readsBackEqualAndWritesTheSameText() {
    String json = StatisticsJson.toJson(sample());
    Statistics back = StatisticsJson.fromJson(json);
    assertEquals(sample(), back);
    assertEquals(json, StatisticsJson.toJson(back));
  }

  @Test
  void anUnknownMemberIsReportedWithItsPath() {
    String json = StatisticsJson.toJson(sample()).replace("\"nan\":0", "\"nan\":0,\"nans\":1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatisticsJson.fromJson(json));
    assertTrue(e.getMessage().startsWith("statistics JSON at dev.kiln.ml.stats.Statistics[\"features\"]->"), e.getMessage());
    assertTrue(e.getMessage().contains("nans"), e.getMessage());
  }

  @Test
  void anotherFormatVersionIsRefused() {
    String json = StatisticsJson.toJson(sample()).replace("\"format\":1", "\"format\":2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatisticsJson.fromJson(json));
    assertEquals("statistics JSON has format 2; this Kiln reads format 1", e.getMessage());
  }

  @Test
  void malformedTextIsReportedAsSuch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatisticsJson.fromJson("{\"rows\": "));
    assertTrue(e.getMessage().startsWith("statistics JSON"), e.getMessage());
  }
}
