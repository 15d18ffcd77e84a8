package dev.kiln.ml.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.spec.CanonicalJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The Model document's JSON round trip, and the scorer built from it. */
class ModelDocumentTest {
  static final List<String> FEATURES = List.of("fare_z", "miles_z", "pay_cash");
  static final Schema ROWS = Schema.builder().addStringField("payment_type").addDoubleField("pay_cash")
      .addDoubleField("miles_z").addDoubleField("fare_z").build();
  static final TrainingMetrics METRICS = new TrainingMetrics(100, 2, 0.4, 0.8, 0.85, null, 3, List.of(0.69, 0.45, 0.41, 0.4));

  static ModelDocument binary(ObjectNode graph) {
    return new ModelDocument(ModelTask.BINARY, ModelAlgorithm.LOGISTIC, "distributed", "big_tipper", FEATURES,
        new java.util.TreeMap<>(), List.of("false", "true"), hyper(), METRICS, new LibraryInfo("kiln", "0.1.0", null), graph,
        new LinearWeights(-0.5, new double[] {1.25, -0.75, -3}));
  }

  static ModelDocument multiclass() {
    return new ModelDocument(ModelTask.MULTICLASS, ModelAlgorithm.LOGISTIC, "local", "kind", FEATURES,
        new java.util.TreeMap<>(), List.of("a", "b", "c"), hyper(), METRICS, new LibraryInfo("tribuo", "4.3.2", null), null,
        new SoftmaxWeights(new double[] {0.1, -0.2, 0.3}, new double[][] {{1, 2, 3}, {-1, 0, 1}, {0.5, 0.5, -2}}));
  }

  static ModelDocument forest() {
    DecisionTree.Builder b = new DecisionTree.Builder();
    int low = b.leaf(new double[] {2.0});
    int mid = b.leaf(new double[] {5.5});
    int high = b.leaf(new double[] {9.0});
    int inner = b.split(1, 0.25, mid, high);
    DecisionTree t1 = b.build(b.split(0, -1.0, low, inner));
    DecisionTree.Builder c = new DecisionTree.Builder();
    DecisionTree t2 = c.build(c.split(2, 0.5, c.leaf(new double[] {4.0}), c.leaf(new double[] {1.0})));
    return new ModelDocument(ModelTask.REGRESSION, ModelAlgorithm.RANDOM_FOREST, "local", "tips", FEATURES, new java.util.TreeMap<>(), List.of(),
        hyper(), new TrainingMetrics(100, 0, 1.5, null, null, 1.22, null, null), new LibraryInfo("tribuo", "4.3.2", null),
        null, new TreeEnsemble(List.of(t1, t2)));
  }

  static ObjectNode hyper() {
    return CanonicalJson.MAPPER.createObjectNode().put("l2", 1e-4).put("iterations", 3);
  }

  static List<Row> rows(int n) {
    Random r = new Random(4);
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> Row.withSchema(ROWS)
        .addValues(r.nextBoolean() ? "Cash" : "Card", (double) r.nextInt(2), r.nextGaussian(), 2 * r.nextGaussian())
        .build()).toList();
  }

  @Test
  void everyKindOfModelRoundTripsToTheSameBytesAndTheSamePredictions() {
    ObjectNode graph = CanonicalJson.MAPPER.createObjectNode().put("kind", "TransformGraph");
    graph.putArray("nodes").addObject().put("op", "standardize").put("column", "fare").put("mean", 12.5);
    for (ModelDocument m : List.of(binary(graph), multiclass(), forest())) {
      String json = m.toJson();
      ModelDocument back = ModelDocument.fromJson(json);
      assertEquals(json, back.toJson(), "canonical JSON is stable through a round trip");
      ModelScorer before = ModelScorer.of(m);
      ModelScorer after = ModelScorer.fromJson(json);
      for (Row row : rows(200)) {
        assertEquals(before.predict(row), after.predict(row));
      }
      assertEquals(m.training(), back.training());
      assertEquals(m.hyperparameters(), back.hyperparameters());
    }
  }

  @Test
  void transformGraphIsEmbeddedVerbatimAndMayBeNull() {
    ObjectNode graph = CanonicalJson.MAPPER.createObjectNode().put("b", 1).put("a", "x");
    ModelDocument back = ModelDocument.fromJson(binary(graph).toJson());
    assertEquals(graph, back.transformGraph());
    assertNull(ModelDocument.fromJson(binary(null).toJson()).transformGraph());
    assertTrue(binary(null).toJson().contains("\"transformGraph\":null"));
  }

  @Test
  void linearWeightsAreReadableJsonKeyedByFeature() throws Exception {
    var node = CanonicalJson.MAPPER.readTree(binary(null).toJson());
    assertEquals("kiln.model", node.get("format").asText());
    assertEquals(1, node.get("formatVersion").asInt());
    assertEquals(1.25, node.at("/parameters/weights/fare_z").asDouble());
    assertEquals(-0.5, node.at("/parameters/bias").asDouble());
    assertEquals(0.85, node.at("/training/auc").asDouble());
    assertEquals(4, node.at("/training/lossPerIteration").size());
  }

  @Test
  void binaryPredictionIsTheSigmoidOfTheLinearScore() {
    Row row = Row.withSchema(ROWS).addValues("Cash", 1.0, 0.4, 2.0).build();
    Prediction p = ModelScorer.of(binary(null)).predict(row);
    double z = -0.5 + 1.25 * 2.0 - 0.75 * 0.4 - 3 * 1.0;
    assertEquals(1 / (1 + Math.exp(-z)), p.value(), 1e-15);
    assertEquals("false", p.predictedClass());
    assertArrayEquals(new double[] {1 - p.value(), p.value()}, p.probabilities(), 1e-15);
  }

  @Test
  void forestAveragesItsTreesLeaves() {
    ModelScorer s = ModelScorer.of(forest());
    // fare_z = 0 > -1 → inner; miles_z = 0 ≤ 0.25 → 5.5; pay_cash = 1 > 0.5 → 1.0; mean 3.25
    assertEquals(3.25, s.predict(new double[] {0, 0, 1}).value(), 1e-15);
    assertEquals((2.0 + 4.0) / 2, s.predict(new double[] {-2, 9, 0}).value(), 1e-15);
  }

  @Test
  void scorerSurvivesJavaSerialization() throws Exception {
    ModelScorer s = ModelScorer.of(multiclass());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    ModelScorer copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ModelScorer) in.readObject();
    }
    for (Row row : rows(50)) {
      assertEquals(s.predict(row), copy.predict(row));
    }
  }

  @Test
  void scorerNamesAMissingOrNullFeature() {
    Schema noMiles = Schema.builder().addDoubleField("fare_z").addDoubleField("pay_cash").build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> ModelScorer.of(binary(null)).predict(Row.withSchema(noMiles).addValues(1.0, 0.0).build()));
    assertTrue(e.getMessage().startsWith("the row has no feature column 'miles_z'"), e.getMessage());
    Schema nullable = Schema.builder().addNullableField("fare_z", Schema.FieldType.DOUBLE).addDoubleField("miles_z")
        .addDoubleField("pay_cash").build();
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelScorer.of(binary(null)).predict(Row.withSchema(nullable).addValues(null, 1.0, 0.0).build()));
    assertTrue(e.getMessage().startsWith("feature 'fare_z' is null"), e.getMessage());
  }

  @Test
  void damagedJsonGivesOneLineErrorsNamingTheField() {
    String json = binary(null).toJson();
    assertError("model JSON: parameters.weights.miles_z is missing", json.replace("\"miles_z\":-0.75", "\"miles\":-0.75"));
    assertError("model JSON: formatVersion 2 is not supported", json.replace("\"formatVersion\":1", "\"formatVersion\":2"));
    assertError("model JSON: unknown task 'ranking'", json.replace("\"task\":\"binary\"", "\"task\":\"ranking\""));
    assertError("model JSON: binary model with 3 classes", json.replace("[\"false\",\"true\"]", "[\"a\",\"b\",\"c\"]"));
    assertError("model JSON is not valid JSON", json.substring(0, json.length() / 2));
  }

  private static void assertError(String expected, String json) {
    var e = assertThrows(IllegalArgumentException.class, () -> ModelDocument.fromJson(json));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
