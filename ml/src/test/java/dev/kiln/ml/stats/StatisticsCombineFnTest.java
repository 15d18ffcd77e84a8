package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Feature kinds, edge values and errors, on the CombineFn alone (no pipeline). */
class StatisticsCombineFnTest {
  private static final Schema MIXED = Schema.builder()
      .addNullableField("flag", Schema.FieldType.BOOLEAN)
      .addNullableField("score", Schema.FieldType.DOUBLE)
      .addNullableField("small", Schema.FieldType.INT32)
      .addNullableField("name", Schema.FieldType.STRING)
      .addNullableField("blob", Schema.FieldType.BYTES)
      .addNullableField("tags", Schema.FieldType.array(Schema.FieldType.STRING))
      .build();

  private static Statistics of(Schema schema, List<Row> rows) {
    StatisticsCombineFn fn = StatisticsCombineFn.of(schema, StatisticsOptions.defaults());
    StatisticsAccumulator acc = fn.createAccumulator();
    rows.forEach(r -> fn.addInput(acc, r));
    return fn.extractOutput(acc);
  }

  private static Row mixed(Boolean flag, Double score, Integer small, String name) {
    return Row.withSchema(MIXED).addValues(flag, score, small, name, name == null ? null : new byte[] {1}, name == null ? null : List.of(name)).build();
  }

  @Test
  void booleansCountTruesAndFalses() {
    Statistics s = of(MIXED, List.of(mixed(true, 1.0, 1, "a"), mixed(true, 2.0, 2, "b"), mixed(false, 3.0, 3, "c"), mixed(null, null, null, null)));
    FeatureStatistics flag = s.feature("flag").orElseThrow();
    assertEquals(FeatureKind.BOOLEAN, flag.kind());
    assertEquals(3, flag.count());
    assertEquals(1, flag.missing());
    assertEquals(new BooleanStatistics(2, 1), flag.booleans());
  }

  @Test
  void otherTypesGetCountsOnlyAndTheirTypeName() {
    Statistics s = of(MIXED, List.of(mixed(true, 1.0, 1, "a"), mixed(null, null, null, null)));
    FeatureStatistics blob = s.feature("blob").orElseThrow();
    FeatureStatistics tags = s.feature("tags").orElseThrow();
    assertEquals(FeatureKind.OTHER, blob.kind());
    assertEquals("BYTES", blob.type());
    assertEquals("ARRAY<STRING>", tags.type());
    assertEquals(1, tags.count());
    assertEquals(1, tags.missing());
    assertNull(tags.numbers());
    assertNull(tags.strings());
  }

  @Test
  void nanIsCountedApartAndLeftOutOfMomentsAndQuantiles() {
    Statistics s = of(MIXED, List.of(mixed(true, Double.NaN, 0, ""), mixed(true, 2.0, 0, "xy"), mixed(true, 4.0, 5, "xy")));
    NumericStatistics score = s.feature("score").orElseThrow().numbers();
    assertEquals(1, score.nan());
    assertEquals(3.0, score.mean());
    assertEquals(1.0, score.stdDev());
    assertEquals(2.0, score.min());
    assertEquals(4.0, score.quantiles().points().get(score.quantiles().points().size() - 1).value());
    assertEquals(2, score.histogram().buckets().stream().mapToLong(NumericStatistics.Bucket::count).sum());
    assertEquals(2, s.feature("small").orElseThrow().numbers().zeros());
    StringStatistics name = s.feature("name").orElseThrow().strings();
    assertEquals(1, name.empty());
    assertEquals(4.0 / 3, name.averageLength(), 1e-15);
    assertEquals(2, name.distinct());
  }

  @Test
  void aConstantColumnHasOneBucketAndZeroDeviation() {
    Statistics s = of(MIXED, List.of(mixed(true, 7.0, 1, "a"), mixed(true, 7.0, 1, "a")));
    NumericStatistics score = s.feature("score").orElseThrow().numbers();
    assertEquals(0.0, score.stdDev());
    assertEquals(List.of(new NumericStatistics.Bucket(7.0, 7.0, 2)), score.histogram().buckets());
  }

  @Test
  void noRowsGiveCountsOfZeroAndNoFigures() {
    Statistics s = of(MIXED, List.of());
    assertEquals(0, s.rows());
    NumericStatistics score = s.feature("score").orElseThrow().numbers();
    assertNull(score.mean());
    assertNull(score.quantiles());
    assertNull(score.histogram());
    assertNull(s.feature("name").orElseThrow().strings().averageLength());
    assertEquals(s, StatisticsJson.fromJson(StatisticsJson.toJson(s)));
  }

  @Test
  void codePointsNotCharsMakeTheLength() {
    Schema schema = Schema.builder().addStringField("s").build();
    Statistics s = of(schema, List.of(Row.withSchema(schema).addValue("\uD83D\uDE00x").build()));
    assertEquals(2.0, s.feature("s").orElseThrow().strings().averageLength());
  }

  @Test
  void aValueOfTheWrongTypeNamesTheField() {
    Schema numbers = Schema.builder().addNullableField("fare", Schema.FieldType.DOUBLE).build();
    Schema strings = Schema.builder().addNullableField("fare", Schema.FieldType.STRING).build();
    StatisticsCombineFn fn = StatisticsCombineFn.of(numbers, StatisticsOptions.defaults());
    StatisticsAccumulator acc = fn.createAccumulator();
    // A row built for another schema, as a mis-wired transform would pass.
    Row wrong = Row.withSchema(strings).addValue("12,50").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fn.addInput(acc, wrong));
    assertTrue(e.getMessage().contains("field 'fare' (DOUBLE)"), e.getMessage());
    assertTrue(e.getMessage().contains("expected a number, got String '12,50'"), e.getMessage());
  }

  @Test
  void optionsAreCheckedWithTheirName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StatisticsOptions.defaults().withQuantileSketchK(101));
    assertTrue(e.getMessage().startsWith("quantileSketchK must be an even number"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StatisticsOptions.defaults().withHllPrecision(30));
    assertThrows(IllegalArgumentException.class, () -> StatisticsOptions.defaults().withHistogramBuckets(0));
  }

  @Test
  void kindsFollowTheSchemaTypes() {
    for (Schema.FieldType t : Arrays.asList(Schema.FieldType.BYTE, Schema.FieldType.INT16, Schema.FieldType.INT32,
        Schema.FieldType.INT64, Schema.FieldType.FLOAT, Schema.FieldType.DOUBLE, Schema.FieldType.DECIMAL)) {
      assertEquals(FeatureKind.NUMERIC, FeatureKind.of(t), t.toString());
    }
    assertEquals(FeatureKind.STRING, FeatureKind.of(Schema.FieldType.STRING));
    assertEquals(FeatureKind.BOOLEAN, FeatureKind.of(Schema.FieldType.BOOLEAN));
    assertEquals(FeatureKind.OTHER, FeatureKind.of(Schema.FieldType.DATETIME));
  }
}
