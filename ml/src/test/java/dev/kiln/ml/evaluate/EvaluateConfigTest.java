package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.testing.TestSteps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mistakes in an evaluate or push step's description are one-line errors before anything runs. */
class EvaluateConfigTest {
  private static final String HEAD = """
      kiln: 1
      pipeline: p
      steps:
        data:  { uses: rows, with: { count: 3 } }
        split: { uses: split, in: { examples: data }, with: { ratios: { train: 0.5, eval: 0.5 } } }
        train: { uses: fixedmodel, with: { weight: 1 } }
      """;

  @Test
  void theServiceLoaderFindsBothStepTypes() {
    var names = dev.kiln.core.step.StepRegistry.standard().names();
    assertEquals(true, names.containsAll(List.of("evaluate", "push")), names.toString());
  }

  @Test
  void defaultsAreFilledIntoTheNormalizedConfig() {
    ResolvedPipeline p = resolve("  ev: { uses: evaluate, in: { examples: split.examples.eval, model: train.model } }\n");
    assertEquals("{\"baseline\":null,\"label\":null,\"minSliceSize\":0,\"slices\":[],\"threshold\":0.5,\"thresholds\":{}}",
        dev.kiln.core.spec.CanonicalJson.of(p.spec().step("ev").config()));
  }

  @Test
  void anUnknownMetricNamesTheKeyAndTheKnownMetrics() {
    String m = error("with: { thresholds: { aucc: { min: 0.7 } } }");
    assertEquals(true, m.contains("thresholds.aucc") && m.contains("unknown metric 'aucc'; metrics are accuracy, auc,"), m);
  }

  @Test
  void anUnknownBoundIsAnUnknownSetting() {
    String m = error("with: { thresholds: { auc: { minimum: 0.7 } } }");
    assertEquals(true, m.contains("with.thresholds.auc.minimum") && m.contains("unknown setting"), m);
  }

  @Test
  void anImprovementNeedsABaseline() {
    String m = error("with: { thresholds: { auc: { minImprovement: 0 } } }");
    assertEquals(true, m.contains("thresholds.auc.minImprovement': needs a baseline"), m);
  }

  @Test
  void anImprovementNeedsADirection() {
    String m = error("with: { thresholds: { calibration: { minImprovement: 0 } }, baseline: { path: m } }");
    assertEquals(true, m.contains("calibration has no better direction"), m);
  }

  @Test
  void aThresholdOutsideZeroOneIsAnError() {
    String m = error("with: { threshold: 1.5 }");
    assertEquals(true, m.contains("key 'threshold': must be a number in (0, 1), not 1.5"), m);
  }

  @Test
  void evaluatingASplitDatasetAsksForOneSplit() {
    SpecException e = assertThrows(SpecException.class,
        () -> resolve("  ev: { uses: evaluate, in: { examples: split.examples, model: train.model } }\n"));
    assertEquals(true, e.getMessage().contains("evaluate one, e.g. examples: label.examples.eval"), e.getMessage());
  }

  @Test
  void pushNeedsADestination() {
    SpecException e = assertThrows(SpecException.class, () -> resolve("""
          ev:   { uses: evaluate, in: { examples: split.examples.eval, model: train.model } }
          push: { uses: push, in: { model: train.model, blessing: ev.blessing }, with: {} }
        """));
    assertEquals(true, e.getMessage().contains("destination") && e.getMessage().contains("push"), e.getMessage());
  }

  @Test
  void pushReadsABlessingNotMetrics() {
    SpecException e = assertThrows(SpecException.class, () -> resolve("""
          ev:   { uses: evaluate, in: { examples: split.examples.eval, model: train.model } }
          push: { uses: push, in: { model: train.model, blessing: ev.metrics }, with: { destination: m } }
        """));
    assertEquals(true, e.getMessage().contains("reads a Blessing, but 'ev.metrics' is a Metrics"), e.getMessage());
  }

  private static String error(String with) {
    return assertThrows(SpecException.class,
        () -> resolve("  ev: { uses: evaluate, in: { examples: split.examples.eval, model: train.model }, " + with + " }\n"))
        .getMessage();
  }

  private static ResolvedPipeline resolve(String steps) {
    var registry = TestSteps.registry().register(FixedModel.TYPE);
    return new PipelineResolver(registry).resolve(YamlSpecLoader.parse(HEAD + steps, "p.yaml"), "p.yaml");
  }
}
