package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.spec.CanonicalJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Metrics document assembled from per-slice results (what ComputeMetrics does, without Beam). */
class MetricsDocumentTest {
  private static final List<String> HOURS = List.of("0", "1", "2", "9", "10", "23");

  @Test
  void perSliceCountsAddUpToTheTotal() {
    ObjectNode doc = MetricsDocument.parse(assemble(BinaryMetricsTest.randomBinary(3000, 1, HOURS), MetricsOptions.defaults()));
    assertEquals("binary", doc.get("task").asText());
    assertEquals(3000, doc.get("examples").asLong());
    long sum = 0;
    long positives = 0;
    for (JsonNode slice : doc.get("slices").get("hour")) {
      sum += slice.get("examples").asLong();
      positives += slice.get("positives").asLong();
    }
    assertEquals(3000, sum);
    assertEquals(doc.get("overall").get("positives").asLong(), positives);
    assertEquals(HOURS.size(), doc.get("slices").get("hour").size());
    assertFalse(doc.get("overall").has("task"), "the task is said once, at the top");
  }

  @Test
  void slicesBelowTheMinimumSizeKeepOnlyTheirCounts() {
    List<ScoredExample> examples = new ArrayList<>(BinaryMetricsTest.randomBinary(200, 2, List.of("big")));
    examples.add(ScoredExample.binary(1, 0.9, Map.of("hour", "small")));
    ObjectNode doc = MetricsDocument.parse(assemble(examples, MetricsOptions.defaults().withMinSliceSize(10)));
    JsonNode small = doc.get("slices").get("hour").get("small");
    assertEquals(1, small.get("examples").asLong());
    assertTrue(small.get("belowMinSliceSize").asBoolean());
    assertFalse(small.has("auc"));
    assertTrue(doc.get("slices").get("hour").get("big").has("auc"));
  }

  @Test
  void noExamplesGiveADocumentWithZeroCountsAndEverySliceFeature() {
    ObjectNode doc = MetricsDocument.parse(MetricsDocument.assemble(Map.of(), MetricsOptions.defaults(), List.of("hour")));
    assertTrue(doc.get("task").isNull());
    assertEquals(0, doc.get("examples").asLong());
    assertEquals(0, doc.get("slices").get("hour").size());
  }

  @Test
  void theDocumentIsCanonical() {
    String json = assemble(BinaryMetricsTest.randomBinary(100, 3, HOURS), MetricsOptions.defaults());
    assertEquals(CanonicalJson.of(MetricsDocument.parse(json)), json);
  }

  /** Groups by slice key, combines, and assembles: ComputeMetrics without Beam. */
  static String assemble(List<ScoredExample> examples, MetricsOptions options) {
    Map<String, MetricsAccumulator> byKey = new TreeMap<>();
    for (ScoredExample e : examples) {
      byKey.computeIfAbsent(SliceKey.OVERALL, k -> new MetricsAccumulator(options)).add(e);
      e.slices().forEach((f, v) -> byKey.computeIfAbsent(SliceKey.of(f, v), k -> new MetricsAccumulator(options)).add(e));
    }
    Map<String, String> json = new HashMap<>();
    MetricsCombineFn fn = new MetricsCombineFn(options);
    byKey.forEach((k, a) -> json.put(k, fn.extractOutput(a)));
    return MetricsDocument.assemble(json, options, List.of("hour"));
  }
}
