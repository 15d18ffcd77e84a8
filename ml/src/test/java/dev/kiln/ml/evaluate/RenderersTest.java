package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.DocumentRenderers;
import dev.kiln.ml.push.PushResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kiln show finds the renderers of Metrics, Blessing and PushResult documents through ServiceLoader. */
class RenderersTest {
  private final DocumentRenderers renderers = DocumentRenderers.load();

  @Test
  void metricsRenderAsTheReport() {
    String metrics = MetricsDocumentTest.assemble(BinaryMetricsTest.randomBinary(300, 8, java.util.List.of("1", "2")), MetricsOptions.defaults());
    assertEquals(MetricsReport.render(metrics), renderers.render("Metrics", metrics));
  }

  @Test
  void aBlessingShowsItsVerdictChecksAndBaseline() {
    String metrics = "{\"task\":\"binary\",\"examples\":10,\"overall\":{\"examples\":10,\"auc\":0.75},\"slices\":{}}";
    String baseline = "{\"task\":\"binary\",\"examples\":10,\"overall\":{\"examples\":10,\"auc\":0.8},\"slices\":{}}";
    String blessing = BlessingDocument.judge(metrics, Map.of("auc", new Threshold(0.7, null, -0.01)),
        new BaselineRef("models/taxi", "000004", "0123456789abcdef0123"), baseline);
    String text = renderers.render("Blessing", blessing);
    assertEquals("""
        not blessed: auc improves on the baseline by -0.05, less than -0.01
          pass  auc >= 0.7000: 0.7500
          FAIL  auc improves by >= -0.0100: 0.7500 vs baseline 0.8000 (-0.0500)
          pass  examples >= 1: 10
        baseline: models/taxi version 000004 (sha256 0123456789ab)
        """, text);
  }

  @Test
  void aPushResultIsOneLineAndTheModelFingerprint() {
    String json = new PushResult(true, "models/taxi", "000002", "ab12", "blessed").toJson();
    assertTrue(renderers.render("PushResult", json).startsWith("pushed to models/taxi/000002\n"), renderers.render("PushResult", json));
  }
}
