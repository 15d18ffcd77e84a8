package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlessingDocumentTest {
  private static final String CANDIDATE = metrics("binary", 1000, "\"auc\":0.75,\"logLoss\":0.55,\"precision\":null");
  private static final String BASELINE = metrics("binary", 1000, "\"auc\":0.78,\"logLoss\":0.5");
  private static final BaselineRef FOUND = new BaselineRef("models/taxi", "000002", "abc123");

  @Test
  void allThresholdsMetIsBlessed() {
    JsonNode b = judge(Map.of("auc", new Threshold(0.7, null, null), "logLoss", new Threshold(null, 0.6, null)), null, null);
    assertTrue(b.get("blessed").asBoolean());
    assertEquals("blessed: 3 checks passed", b.get("summary").asText()); // auc, examples >= 1, logLoss
    assertTrue(b.get("baseline").isNull());
    JsonNode auc = b.get("checks").get(0);
    assertEquals("auc", auc.get("metric").asText());
    assertEquals("min", auc.get("check").asText());
    assertEquals(0.7, auc.get("bound").asDouble());
    assertEquals(0.75, auc.get("value").asDouble());
    assertTrue(auc.get("passed").asBoolean());
  }

  @Test
  void oneThresholdMissedIsNotBlessedAndSaysWhich() {
    JsonNode b = judge(Map.of("auc", new Threshold(0.8, null, null), "logLoss", new Threshold(null, 0.6, null)), null, null);
    assertFalse(b.get("blessed").asBoolean());
    assertEquals("not blessed: auc 0.75 is below min 0.8", b.get("summary").asText());
  }

  @Test
  void theCandidateMayBeSlightlyWorseThanTheBaselineButNoMore() {
    JsonNode within = judge(Map.of("auc", new Threshold(null, null, -0.05)), FOUND, BASELINE);
    assertTrue(within.get("blessed").asBoolean(), within.toString());
    JsonNode check = within.get("checks").get(0);
    assertEquals(0.78, check.get("baselineValue").asDouble());
    assertEquals(-0.03, check.get("improvement").asDouble(), 1e-12);
    assertEquals("000002", within.get("baseline").get("version").asText());
    assertEquals("abc123", within.get("baseline").get("fingerprint").asText());

    JsonNode tooMuch = judge(Map.of("auc", new Threshold(null, null, -0.01)), FOUND, BASELINE);
    assertFalse(tooMuch.get("blessed").asBoolean());
    assertEquals("not blessed: auc improves on the baseline by -0.03, less than -0.01", tooMuch.get("summary").asText());
  }

  @Test
  void lowerIsBetterMetricsImproveByDecreasing() {
    // log loss 0.55 against the baseline's 0.5: 0.05 worse
    assertFalse(judge(Map.of("logLoss", new Threshold(null, null, 0.0)), FOUND, BASELINE).get("blessed").asBoolean());
    JsonNode b = judge(Map.of("logLoss", new Threshold(null, null, -0.06)), FOUND, BASELINE);
    assertTrue(b.get("blessed").asBoolean());
    assertEquals(-0.05, b.get("checks").get(1).get("improvement").asDouble(), 1e-12);
  }

  @Test
  void withNoBaselinePushedYetImprovementChecksPassWithANote() {
    JsonNode b = judge(Map.of("auc", new Threshold(null, null, 0.0)), new BaselineRef("models/taxi", null, null), null);
    assertTrue(b.get("blessed").asBoolean());
    assertTrue(b.get("checks").get(0).get("note").asText().startsWith("no baseline pushed yet"));
    assertFalse(b.get("baseline").get("found").asBoolean());
  }

  @Test
  void aMetricTheModelDoesNotHaveOrAnUndefinedOneFails() {
    JsonNode rmse = judge(Map.of("rmse", new Threshold(null, 1.0, null)), null, null);
    assertFalse(rmse.get("blessed").asBoolean());
    assertEquals("not blessed: rmse is not computed for a binary model", rmse.get("summary").asText());
    JsonNode precision = judge(Map.of("precision", new Threshold(0.5, null, null)), null, null);
    assertEquals("not blessed: precision is undefined on the eval data", precision.get("summary").asText());
  }

  @Test
  void aModelEvaluatedOnNothingIsNeverBlessed() {
    String empty = MetricsDocument.assemble(Map.of(), MetricsOptions.defaults(), List.of());
    String blessing = BlessingDocument.judge(empty, Map.of(), null, null);
    assertFalse(BlessingDocument.isBlessed(blessing));
    assertEquals("not blessed: examples 0 is below min 1", BlessingDocument.summary(blessing));
  }

  private static JsonNode judge(Map<String, Threshold> thresholds, BaselineRef baseline, String baselineMetrics) {
    return MetricsDocument.parse(BlessingDocument.judge(CANDIDATE, thresholds, baseline, baselineMetrics));
  }

  private static String metrics(String task, long examples, String overall) {
    return "{\"task\":\"" + task + "\",\"examples\":" + examples + ",\"overall\":{\"examples\":" + examples + "," + overall + "},\"slices\":{}}";
  }
}
