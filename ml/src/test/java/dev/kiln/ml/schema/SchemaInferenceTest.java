package dev.kiln.ml.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.schema.FeatureSchema.ValueRange;
import dev.kiln.ml.stats.FeatureStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.StatisticsOptions;
import dev.kiln.ml.stats.Summaries;
import dev.kiln.ml.stats.TaxiData;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema inference rules, on the taxi statistics (computed without a pipeline). */
class SchemaInferenceTest {
  private static Statistics taxi;

  @BeforeAll
  static void statistics() {
    taxi = Summaries.taxi();
  }

  @Test
  void taxiTypesRequiredFlagsDomainsAndRangesFollowTheStatistics() {
    DataSchema s = new SchemaInference(20, 0).infer(taxi);
    assertEquals(taxi.features().stream().map(FeatureStatistics::name).toList(),
        s.features().stream().map(FeatureSchema::name).toList(), "every column, in order");
    FeatureSchema payment = s.feature("payment_type").orElseThrow();
    assertEquals("STRING", payment.type());
    assertTrue(payment.required());
    assertEquals(List.of("Cash", "Credit Card", "Dispute", "No Charge", "Pcard", "Prcard", "Unknown"), payment.domain());
    FeatureSchema fare = s.feature("fare").orElseThrow();
    assertEquals("DOUBLE", fare.type());
    FeatureStatistics fareStats = taxi.feature("fare").orElseThrow();
    assertEquals(new ValueRange(fareStats.numbers().min(), fareStats.numbers().max()), fare.range());
    assertNull(fare.domain());
    FeatureSchema company = s.feature("company").orElseThrow();
    assertNull(company.domain(), "more than 20 companies");
    assertFalse(company.required(), "company has empty fields");
    FeatureSchema tract = s.feature("pickup_census_tract").orElseThrow();
    assertFalse(tract.required(), "never has a value");
    assertNull(tract.domain());
    assertEquals("INT64", s.feature("trip_start_hour").orElseThrow().type());
    assertEquals(new ValueRange(0.0, 23.0), s.feature("trip_start_hour").orElseThrow().range());
  }

  @Test
  void aMarginWidensRangesAndIntegerRangesStayWhole() {
    DataSchema s = new SchemaInference(20, 0.1).infer(taxi);
    assertEquals(new ValueRange(0.0, 26.0), s.feature("trip_start_hour").orElseThrow().range(),
        "0..23 + 2.3, outward, and never below 0 as the data never is");
    FeatureStatistics fare = taxi.feature("fare").orElseThrow();
    double width = fare.numbers().max() - fare.numbers().min();
    assertEquals(new ValueRange(Math.max(0, fare.numbers().min() - 0.1 * width), fare.numbers().max() + 0.1 * width),
        s.feature("fare").orElseThrow().range());
    FeatureStatistics lon = taxi.feature("pickup_longitude").orElseThrow();
    double lonWidth = lon.numbers().max() - lon.numbers().min();
    assertEquals(new ValueRange(lon.numbers().min() - 0.1 * lonWidth, Math.min(0, lon.numbers().max() + 0.1 * lonWidth)),
        s.feature("pickup_longitude").orElseThrow().range(), "never positive: 0 bounds the top");
    assertNull(new SchemaInference(20, -1).infer(taxi).feature("fare").orElseThrow().range(), "negative: no ranges");
  }

  @Test
  void domainsNeedFewExactAndFullyListedValues() {
    assertNull(new SchemaInference(6, 0).infer(taxi).feature("payment_type").orElseThrow().domain(), "7 values > 6");
    Schema schema = TaxiData.csvSchema();
    Statistics top3 = Summaries.of(schema, TaxiData.csvRows(schema), StatisticsOptions.defaults().withTopK(3));
    assertNull(new SchemaInference(20, 0).infer(top3).feature("payment_type").orElseThrow().domain(),
        "the top 3 do not show all 7 values");
  }

  @Test
  void theSplitIsTheConfiguredOneOrTrainOrTheOnlyOne() {
    StatisticsDocument two = StatisticsDocument.of(Map.of("train", taxi, "eval", taxi));
    assertEquals("train", SchemaStep.chooseSplit(two, null));
    assertEquals("eval", SchemaStep.chooseSplit(two, "eval"));
    assertEquals("", SchemaStep.chooseSplit(StatisticsDocument.of(Map.of("", taxi)), null));
    InvalidSchemaException missing = assertThrows(InvalidSchemaException.class, () -> SchemaStep.chooseSplit(two, "test"));
    assertEquals("key 'with.split': the statistics have no split 'test'; splits are [eval, train]", missing.getMessage());
    StatisticsDocument other = StatisticsDocument.of(Map.of("a", taxi, "b", taxi));
    assertTrue(assertThrows(InvalidSchemaException.class, () -> SchemaStep.chooseSplit(other, null))
        .getMessage().contains("none is 'train'; set with.split"));
  }
}
