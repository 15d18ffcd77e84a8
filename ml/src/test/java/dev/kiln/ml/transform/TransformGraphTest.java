package dev.kiln.ml.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.stats.sketch.StringHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** A hand-built graph: its output schema, hand-checked rows, JSON round trip and errors. */
class TransformGraphTest {
  static final long ONE_AM = 1_382_319_000L; // 2013-10-21T01:30:00Z

  /** Raw rows with a column the graph does not read (tips), in another order than the graph lists them. */
  static final Schema RAW = Schema.builder()
      .addNullableField("tips", Schema.FieldType.DOUBLE)
      .addNullableField("payment_type", Schema.FieldType.STRING)
      .addNullableField("fare", Schema.FieldType.DOUBLE)
      .addNullableField("trip_miles", Schema.FieldType.DOUBLE)
      .addNullableField("company", Schema.FieldType.STRING)
      .addNullableField("trip_start_timestamp", Schema.FieldType.INT64)
      .addNullableField("big_tipper", Schema.FieldType.BOOLEAN)
      .build();

  static TransformGraph graph() {
    return new TransformGraph(TransformGraph.FORMAT, "train", 8, List.of(
            new InputColumn("big_tipper", "BOOLEAN", true),
            new InputColumn("company", "STRING", true),
            new InputColumn("fare", "DOUBLE", true),
            new InputColumn("payment_type", "STRING", true),
            new InputColumn("trip_miles", "DOUBLE", true),
            new InputColumn("trip_start_timestamp", "INT64", true)),
        List.of(new Derivation("fare_per_mile", Derivation.RATIO, List.of("fare", "trip_miles")),
            new Derivation("hour", Derivation.HOUR_OF_DAY, List.of("trip_start_timestamp"))),
        List.of(
            new FittedFeature("company", ValueKind.STRING, null, new Encoding.Hash(4), true),
            new FittedFeature("fare", ValueKind.NUMBER, new Imputation(Impute.MEAN, 10.0), new Encoding.Standardize(10, 5), false),
            new FittedFeature("fare_per_mile", ValueKind.NUMBER, null, new Encoding.MinMax(0, 4), false),
            new FittedFeature("hour", ValueKind.NUMBER, null, new Encoding.Bucketize(4, List.of(6.0, 12.0, 18.0)), false),
            new FittedFeature("payment_type", ValueKind.STRING, new Imputation(Impute.CONSTANT, "Cash"),
                new Encoding.Vocabulary(2, 1, List.of(new Encoding.Term("Cash", 5), new Encoding.Term("Credit Card", 3))), true)),
        List.of("big_tipper"));
  }

  static Row raw(Double fare, Double miles, String payment, String company, long timestamp, Boolean big) {
    return Row.withSchema(RAW).addValues(1.5, payment, fare, miles, company, timestamp, big).build();
  }

  @Test
  void outputSchemaListsEveryFeatureColumnThenPassthrough() {
    Schema out = graph().outputSchema();
    assertEquals(List.of("company", "fare", "fare_per_mile", "hour", "payment_type", "big_tipper"), out.getFieldNames(),
        "a one-hot feature is one index column, not one column per index value");
    assertEquals(Schema.FieldType.DOUBLE, out.getField("fare").getType(), "imputed: never null");
    assertEquals(Schema.FieldType.DOUBLE.withNullable(true), out.getField("fare_per_mile").getType());
    assertEquals(Schema.FieldType.INT64.withNullable(true), out.getField("hour").getType(), "an index without one-hot");
    assertEquals(Schema.FieldType.INT64.withNullable(true), out.getField("company").getType(), "one-hot, not imputed");
    assertEquals(Schema.FieldType.INT64, out.getField("payment_type").getType(), "one-hot, imputed");
    assertEquals(java.util.Map.of("company", 4, "payment_type", 3), graph().oneHotColumns(), "what trainers expand");
    assertEquals(Schema.FieldType.BOOLEAN.withNullable(true), out.getField("big_tipper").getType());
    assertEquals(List.of("big_tipper", "company", "fare", "payment_type", "trip_miles", "trip_start_timestamp"), graph().inputColumns());
  }

  @Test
  void applyGivesHandCheckedValues() {
    Row out = graph().apply(raw(20.0, 4.0, "Mobile", "Flash Cab", ONE_AM, true));
    long company = Math.floorMod(StringHash.hash64("Flash Cab"), 4L);
    assertEquals(company, out.getInt64("company"));
    assertEquals(2.0, out.getDouble("fare"), "(20 - 10) / 5");
    assertEquals(1.25, out.getDouble("fare_per_mile"), "20 / 4 = 5, (5 - 0) / (4 - 0)");
    assertEquals(0L, out.getInt64("hour"), "1 o'clock is below the first edge, 6");
    assertEquals(2L, out.getInt64("payment_type"), "Mobile is not in the vocabulary: the one oov index, 2");
    assertEquals(true, out.getBoolean("big_tipper"));
  }

  @Test
  void missingValuesAreImputedOrStayMissing() {
    Row out = graph().apply(raw(null, 2.0, null, null, ONE_AM + 12 * 3600, null));
    assertEquals(0.0, out.getDouble("fare"), "imputed with the mean 10, standardized to 0");
    assertNull(out.getDouble("fare_per_mile"), "derived from raw values: missing fare gives a missing ratio");
    assertEquals(2L, out.getInt64("hour"), "13 o'clock: edges 6 and 12 are <= 13");
    assertEquals(0L, out.getInt64("payment_type"), "imputed with the constant Cash, vocabulary index 0");
    assertNull(out.getInt64("company"), "a missing company stays missing: it sets no one-hot term");
    assertNull(out.getBoolean("big_tipper"));
  }

  @Test
  void bucketEdgesBelongToTheBucketAbove() {
    TransformGraph g = graph();
    assertEquals(1L, g.apply(raw(1.0, 1.0, "Cash", "x", ONE_AM + 5 * 3600, true)).getInt64("hour"), "6 is the first edge");
    assertEquals(3L, g.apply(raw(1.0, 1.0, "Cash", "x", ONE_AM + 22 * 3600, true)).getInt64("hour"), "23 o'clock");
    assertEquals(1L, g.apply(raw(1.0, 1.0, "Credit Card", "x", ONE_AM, true)).getInt64("payment_type"));
  }

  @Test
  void featuresAloneNeedNoLabel() {
    TransformGraph g = graph();
    assertEquals(List.of("company", "fare", "payment_type", "trip_miles", "trip_start_timestamp"), g.featureInputColumns());
    Schema noLabel = Schema.builder().addFields(RAW.getFields().stream().filter(f -> !f.getName().equals("big_tipper")).toList()).build();
    Row request = Row.withSchema(noLabel).addValues(1.5, "Mobile", 20.0, 4.0, "Flash Cab", ONE_AM).build();
    Row features = g.applyFeatures(request);
    assertEquals(g.featureSchema(), features.getSchema());
    assertFalse(g.featureSchema().hasField("big_tipper"));
    Row full = g.apply(raw(20.0, 4.0, "Mobile", "Flash Cab", ONE_AM, true));
    for (String column : g.featureSchema().getFieldNames()) {
      assertEquals((Object) full.getValue(column), features.getValue(column), column);
    }
    assertThrows(IllegalArgumentException.class, () -> g.apply(request), "apply needs the passthrough column");
  }

  @Test
  void aMissingInputColumnIsAnErrorNamingIt() {
    Schema noPayment = Schema.builder().addFields(RAW.getFields().stream().filter(f -> !f.getName().equals("payment_type")).toList()).build();
    Row row = Row.withSchema(noPayment).addValues(1.5, 20.0, 4.0, "Flash Cab", ONE_AM, true).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph().apply(row));
    assertTrue(e.getMessage().startsWith("the rows have no column 'payment_type', which the TransformGraph needs"), e.getMessage());
  }

  @Test
  void aColumnOfAnotherKindIsAnErrorNamingIt() {
    Schema textFare = Schema.builder().addNullableField("fare", Schema.FieldType.STRING).addFields(
        RAW.getFields().stream().filter(f -> !f.getName().equals("fare")).toList()).build();
    Row row = Row.withSchema(textFare).addValues("20", 1.5, "Cash", 4.0, "Flash Cab", ONE_AM, true).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph().apply(row));
    assertEquals("column 'fare' is STRING in these rows, but the TransformGraph was fitted on DOUBLE (a number)", e.getMessage());
  }

  @Test
  void jsonRoundTripGivesAnEqualGraphThatAppliesIdentically() {
    TransformGraph g = graph();
    String json = g.toJson();
    TransformGraph back = TransformGraph.fromJson(json);
    assertEquals(g, back);
    assertEquals(json, back.toJson(), "canonical: the same graph gives the same bytes");
    assertTrue(json.startsWith("{\"derived\":"), "keys sorted: " + json);
    for (Row r : sampleRows()) {
      assertEquals(g.apply(r), back.apply(r));
    }
  }

  @Test
  void javaSerializationKeepsTheGraphUsable() throws Exception {
    TransformGraph g = graph();
    g.apply(sampleRows().get(0)); // builds the lookup tables, which are not serialized
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(g);
    }
    TransformGraph back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (TransformGraph) in.readObject();
    }
    assertEquals(g, back);
    for (Row r : sampleRows()) {
      assertEquals(g.apply(r), back.apply(r));
    }
  }

  @Test
  void changedParametersMakeAnUnequalGraph() {
    String json = graph().toJson();
    assertNotEquals(graph(), TransformGraph.fromJson(json.replace("\"std\":5.0", "\"std\":6.0")));
  }

  @Test
  void unknownOperationInJsonIsAOneLineError() {
    String json = graph().toJson().replace("\"op\":\"standardize\"", "\"op\":\"whiten\"");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransformGraph.fromJson(json));
    assertTrue(e.getMessage().contains("whiten"), e.getMessage());
    assertTrue(e.getMessage().contains("features[1].encoding") || e.getMessage().contains("features"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void otherFormatVersionIsRefused() {
    String json = graph().toJson().replace("\"format\":2", "\"format\":1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransformGraph.fromJson(json));
    assertTrue(e.getMessage().contains("format 1 is not supported; this Kiln reads format 2"), e.getMessage());
  }

  @Test
  void describeShowsEachFeatureWithItsFittedParameters() {
    String text = graph().describe();
    assertTrue(text.startsWith("TransformGraph fitted on split 'train' (8 rows)\n"), text);
    assertTrue(text.contains("  derived fare_per_mile = ratio(fare, trip_miles)\n"), text);
    assertTrue(text.contains("  fare: impute mean=10.0 -> standardize mean=10.0 std=5.0 -> fare\n"), text);
    assertTrue(text.contains("  payment_type: impute constant=Cash -> vocabulary top 2 + 1 oov: [Cash (5), Credit Card (3)]"
        + " -> payment_type (index, one-hot over 3 terms payment_type__0..2)\n"), text);
    assertTrue(text.contains("  passthrough: big_tipper\n"), text);
  }

  private static List<Row> sampleRows() {
    List<Row> rows = new ArrayList<>();
    rows.add(raw(20.0, 4.0, "Mobile", "Flash Cab", ONE_AM, true));
    rows.add(raw(null, 2.0, null, null, ONE_AM + 12 * 3600, null));
    rows.add(raw(7.25, 0.0, "Credit Card", "Taxi Affiliation Services", ONE_AM + 20 * 3600, false));
    return rows;
  }
}
