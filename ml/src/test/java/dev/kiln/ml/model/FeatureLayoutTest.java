package dev.kiln.ml.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** How feature columns become terms: a one-hot index is one (term, value) pair, whatever its width. */
class FeatureLayoutTest {
  static final Schema ROWS = Schema.builder().addStringField("other").addNullableField("origin", Schema.FieldType.INT64)
      .addDoubleField("distance").build();
  static final FeatureLayout LAYOUT = FeatureLayout.of(List.of("distance", "origin"), Map.of("origin", 4));

  @Test
  void termsAreTheNumericColumnsAndEveryIndexOfTheOneHotOnes() {
    assertEquals(5, LAYOUT.termCount());
    assertEquals(List.of("distance", "origin__0", "origin__1", "origin__2", "origin__3"), LAYOUT.termNames());
    assertEquals(Map.of("origin", 4), LAYOUT.oneHot());
  }

  @Test
  void aRowIsOnePairPerColumn() {
    int[] terms = new int[2];
    double[] values = new double[2];
    LAYOUT.read(Row.withSchema(ROWS).addValues("a", 2L, 7.5).build(), terms, values, 0);
    assertArrayEquals(new int[] {0, 3}, terms, "distance is term 0, origin index 2 is term 1 + 2");
    assertArrayEquals(new double[] {7.5, 1}, values);
    assertArrayEquals(new double[] {7.5, 0, 0, 1, 0}, LAYOUT.dense(Row.withSchema(ROWS).addValues("a", 2L, 7.5).build()));
  }

  @Test
  void aMissingIndexSetsNoTermAndAWrongOneIsAOneLineError() {
    assertArrayEquals(new double[] {1, 0, 0, 0, 0}, LAYOUT.dense(Row.withSchema(ROWS).addValues("a", null, 1.0).build()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LAYOUT.dense(Row.withSchema(ROWS).addValues("a", 4L, 1.0).build()));
    assertEquals("one-hot feature 'origin' is 4, not an index in 0..3; the rows and the TransformGraph the model was"
        + " trained with do not match", e.getMessage());
  }

  @Test
  void aOneHotColumnMustBeAFeature() {
    var e = assertThrows(IllegalArgumentException.class, () -> FeatureLayout.of(List.of("a"), Map.of("b", 3)));
    assertTrue(e.getMessage().contains("one-hot column 'b' is not a feature"), e.getMessage());
  }

  @Test
  void aModelWithOneHotColumnsKeepsThemThroughJsonAndScoresIndexRows() {
    ModelDocument m = new ModelDocument(ModelTask.BINARY, ModelAlgorithm.LOGISTIC, "distributed", "late",
        List.of("distance", "origin"), new java.util.TreeMap<>(Map.of("origin", 4)), List.of("false", "true"), null,
        new TrainingMetrics(10, 0, 0.5, 0.5, 0.5, null, 3, null, true, 4), new LibraryInfo("kiln", "0", null), null,
        new LinearWeights(-1, new double[] {0.5, 0.1, 0.2, 0.3, 0.4}));
    ModelDocument back = ModelDocument.fromJson(m.toJson());
    assertEquals(m.toJson(), back.toJson());
    assertEquals(Map.of("origin", 4), back.oneHot());
    assertTrue(m.toJson().contains("\"origin__3\":0.4"), m.toJson());
    assertTrue(m.toJson().contains("\"converged\":true") && m.toJson().contains("\"passes\":4"), m.toJson());
    Prediction p = ModelScorer.of(back).predict(Row.withSchema(ROWS).addValues("a", 3L, 2.0).build());
    assertEquals(LinearWeights.sigmoid(-1 + 0.5 * 2 + 0.4), p.value(), 1e-15);
  }
}
