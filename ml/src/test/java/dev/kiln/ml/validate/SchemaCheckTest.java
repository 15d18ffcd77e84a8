package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.schema.FeatureSchema;
import dev.kiln.ml.schema.FeatureSchema.ValueRange;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsOptions;
import dev.kiln.ml.stats.StringStatistics.ValueCount;
import dev.kiln.ml.stats.Summaries;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Statistics of small hand-made datasets against hand-made schemas. */
class SchemaCheckTest {
  private static final Schema STRINGS = Schema.builder()
      .addNullableField("fare", Schema.FieldType.STRING)
      .addNullableField("payment_type", Schema.FieldType.STRING)
      .build();

  private static List<Anomaly> of(List<Anomaly> all, AnomalyKind kind) {
    return all.stream().filter(a -> a.kind() == kind).toList();
  }

  @Test
  void aStringColumnWhereTheSchemaSaysDoubleIsATypeMismatchWithTheRowCountAndTheOddValues() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(Row.withSchema(STRINGS).addValues(i == 4 ? "abc" : i == 7 ? null : "1" + i + ".5", "Cash").build());
    }
    Statistics data = Summaries.of(STRINGS, rows);
    DataSchema schema = DataSchema.of(List.of(
        new FeatureSchema("fare", "DOUBLE", false, null, new ValueRange(0.0, 100.0)),
        new FeatureSchema("payment_type", "STRING", true, null, null)));
    List<Anomaly> all = SchemaCheck.check("eval", data, schema);
    assertEquals(1, all.size(), all.toString());
    Anomaly a = all.get(0);
    assertEquals("fare", a.feature());
    assertEquals(AnomalyKind.TYPE_MISMATCH, a.kind());
    assertEquals(9L, a.count(), "rows with a value");
    assertEquals(List.of(new ValueCount("abc", 1)), a.values());
    assertEquals("expected DOUBLE, the data is STRING (9 rows with a value); values that are not numbers: 'abc' (1)",
        a.description());
  }

  @Test
  void aNewCategoryIsReportedWithItsCountAndAMissingValueOfARequiredFeatureToo() {
    List<Row> rows = new ArrayList<>();
    String[] payments = {"Cash", "Cash", "Credit Card", "Bitcoin", "Bitcoin", "Bitcoin", null, "Cash", "Barter"};
    for (String p : payments) {
      rows.add(Row.withSchema(STRINGS).addValues("1.0", p).build());
    }
    DataSchema schema = DataSchema.of(List.of(
        new FeatureSchema("fare", "STRING", true, null, null),
        new FeatureSchema("payment_type", "STRING", true, List.of("Cash", "Credit Card"), null)));
    List<Anomaly> all = SchemaCheck.check("eval", Summaries.of(STRINGS, rows), schema);
    Anomaly domain = of(all, AnomalyKind.OUT_OF_DOMAIN).get(0);
    assertEquals("payment_type", domain.feature());
    assertEquals(List.of(new ValueCount("Bitcoin", 3), new ValueCount("Barter", 1)), domain.values());
    assertEquals(4L, domain.count());
    assertEquals("4 of 8 values are outside the domain of 2: 'Bitcoin' (3), 'Barter' (1)", domain.description());
    Anomaly missing = of(all, AnomalyKind.MISSING_VALUES).get(0);
    assertEquals("payment_type", missing.feature());
    assertEquals(1L, missing.count());
    assertEquals(2, all.size(), all.toString());
  }

  @Test
  void whenTheTopValuesAreIncompleteTheDescriptionSaysSoAndTheDistinctCountProvesTheRest() {
    List<Row> rows = new ArrayList<>();
    for (String p : List.of("Cash", "Cash", "Cash", "Credit Card", "Credit Card", "Bitcoin", "Barter", "Shells")) {
      rows.add(Row.withSchema(STRINGS).addValues("1", p).build());
    }
    StatisticsOptions top2 = StatisticsOptions.defaults().withTopK(2);
    Statistics data = Summaries.of(STRINGS, rows, top2);
    DataSchema schema = DataSchema.of(List.of(
        new FeatureSchema("fare", "STRING", false, null, null),
        new FeatureSchema("payment_type", "STRING", false, List.of("Cash", "Credit Card"), null)));
    Anomaly a = SchemaCheck.check("", data, schema).get(0);
    assertEquals(AnomalyKind.OUT_OF_DOMAIN, a.kind());
    assertEquals(3L, a.count(), "5 distinct values, 2 allowed: at least 3 distinct values are outside");
    assertTrue(a.description().contains("at least 3 distinct values are outside the domain of 2"), a.description());

    Statistics top1 = Summaries.of(STRINGS, rows, StatisticsOptions.defaults().withTopK(3));
    Anomaly partial = SchemaCheck.check("", top1, schema).get(0);
    assertEquals(List.of(new ValueCount("Barter", 1)), partial.values());
    assertTrue(partial.description().endsWith(
        "the top 3 values do not show all 5 distinct values, so there may be more"), partial.description());
  }

  @Test
  void missingAndUnexpectedFeaturesAreNamed() {
    Schema one = Schema.builder().addNullableField("surprise", Schema.FieldType.INT64).build();
    Statistics data = Summaries.of(one, List.of(Row.withSchema(one).addValue(3L).build(),
        Row.withSchema(one).addValue(null).build()));
    DataSchema schema = DataSchema.of(List.of(new FeatureSchema("fare", "DOUBLE", true, null, null)));
    List<Anomaly> all = SchemaCheck.check("train", data, schema);
    Anomaly missing = of(all, AnomalyKind.MISSING_FEATURE).get(0);
    assertEquals("fare", missing.feature());
    assertEquals(2L, missing.count());
    Anomaly unexpected = of(all, AnomalyKind.UNEXPECTED_FEATURE).get(0);
    assertEquals("surprise", unexpected.feature());
    assertEquals(1L, unexpected.count());
    assertEquals(2, all.size());
  }

  @Test
  void numbersOutsideTheRangeAreCountedExactlyWhenTheBoundIsAnEdgeOfAnExactSketchElseBounded() {
    Schema numbers = Schema.builder().addNullableField("fare", Schema.FieldType.DOUBLE).build();
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      rows.add(Row.withSchema(numbers).addValue((double) i).build());
    }
    Statistics data = Summaries.of(numbers, rows);
    // 100 values: the sketch is exact; histogram edges are 1 + 9.9 j
    double edge = data.feature("fare").orElseThrow().numbers().histogram().buckets().get(1).low();
    assertEquals(10.9, edge, 1e-9);
    DataSchema schema = DataSchema.of(List.of(new FeatureSchema("fare", "DOUBLE", true, null, new ValueRange(edge, 92.5))));
    List<Anomaly> all = SchemaCheck.check("eval", data, schema);
    assertEquals(2, all.size(), all.toString());
    Anomaly low = all.stream().filter(a -> a.measured() == 1.0).findFirst().orElseThrow();
    assertEquals(10L, low.count(), "1..10 are below the edge");
    assertNull(low.countAtMost(), "exact");
    assertEquals(edge, low.threshold());
    assertEquals("min 1 < allowed 10.9; 10 of 100 values below it", low.description());
    Anomaly high = all.stream().filter(a -> a.measured() == 100.0).findFirst().orElseThrow();
    // 93..100 (8 values) are above 92.5; the 95% quantile (95) and the edge 90.1 bound it to [5, 10]
    assertEquals(5L, high.count());
    assertEquals(10L, high.countAtMost());
    assertEquals("max 100 > allowed 92.5; between 5 and 10 of 100 values (bounds from the sketched statistics) above it",
        high.description());
  }

  @Test
  void integerDataFitsADoubleFeatureButFractionsDoNotFitAnIntegerOne() {
    Schema ints = Schema.builder().addNullableField("a", Schema.FieldType.INT64).addNullableField("b", Schema.FieldType.DOUBLE).build();
    Statistics data = Summaries.of(ints, List.of(Row.withSchema(ints).addValues(1L, 1.5).build()));
    DataSchema schema = DataSchema.of(List.of(new FeatureSchema("a", "DOUBLE", false, null, null),
        new FeatureSchema("b", "INT64", false, null, null)));
    List<Anomaly> all = SchemaCheck.check("", data, schema);
    assertEquals(1, all.size(), all.toString());
    assertEquals("b", all.get(0).feature());
    assertEquals(AnomalyKind.TYPE_MISMATCH, all.get(0).kind());
  }

  @Test
  void aColumnWithoutValuesHasNoTypeToMismatch() {
    // The CSV reader calls a column that is always empty STRING.
    Statistics data = Summaries.of(STRINGS, List.of(Row.withSchema(STRINGS).addValues(null, "Cash").build()));
    DataSchema schema = DataSchema.of(List.of(new FeatureSchema("fare", "DOUBLE", false, null, null),
        new FeatureSchema("payment_type", "STRING", false, null, null)));
    assertEquals(List.of(), SchemaCheck.check("", data, schema));
  }

  @Test
  void valuesOutsideADomainOrRangeAreAnAnomalyOnlyBeyondMinShare() {
    Schema numbers = Schema.builder().addNullableField("fare", Schema.FieldType.DOUBLE)
        .addNullableField("payment_type", Schema.FieldType.STRING).build();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(Row.withSchema(numbers).addValues(i < 2 ? -1.0 : 5.0, i < 2 ? "Bitcoin" : "Cash").build());
    }
    Statistics data = Summaries.of(numbers, rows);
    DataSchema schema = DataSchema.of(List.of(
        new FeatureSchema("fare", "DOUBLE", true, null, new ValueRange(0.0, 100.0)),
        new FeatureSchema("payment_type", "STRING", true, List.of("Cash"), null)));
    assertEquals(List.of(), SchemaCheck.check("eval", data, schema, 0.02), "2 of 100 is not more than 2%");
    List<Anomaly> beyond = SchemaCheck.check("eval", data, schema, 0.019);
    assertEquals(List.of(AnomalyKind.OUT_OF_RANGE, AnomalyKind.OUT_OF_DOMAIN), beyond.stream().map(Anomaly::kind).toList(),
        beyond.toString());
    assertEquals(beyond, SchemaCheck.check("eval", data, schema), "strict (0) is the default of the 3-argument check");
  }

  @Test
  void minShareMustBeAShare() {
    for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new ValidateStep.Config(null, null, null, bad));
      assertTrue(e.getMessage().startsWith("minShare must be at least 0 and below 1"), e.getMessage());
    }
    assertEquals(Validator.DEFAULT_MIN_SHARE, new ValidateStep.Config(null, null, null, null).minShare());
  }
}
