package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.Test;

/** The train step's settings: defaults filled, settings that do not apply rejected, columns checked. */
class TrainConfigTest {

  @Test
  void defaultsAreFilledForEachAlgorithmAndBackend() {
    TrainConfig local = Configs.config("label", "y");
    assertEquals("logistic", local.algorithm());
    assertEquals("local", local.backend());
    assertEquals(20, local.iterations());
    assertEquals(1.0, local.learningRate());
    assertEquals(12345L, local.seed());
    assertNull(local.l2());
    assertNull(local.tolerance());
    assertEquals(1_000_000L, local.maxLocalRows(), "the local backend is bounded by default");

    TrainConfig distributed = Configs.config("label", "y", "backend", "distributed");
    assertEquals(1e-4, distributed.l2());
    assertEquals(20, distributed.iterations(), "the most passes; L-BFGS stops earlier when it converges");
    assertEquals(1e-6, distributed.tolerance());
    assertNull(distributed.seed());
    assertNull(distributed.maxLocalRows());
    assertEquals(20, Configs.config("label", "y", "backend", "distributed", "algorithm", "linear").iterations());

    TrainConfig forest = Configs.config("label", "y", "algorithm", "random_forest");
    assertEquals(30, forest.trees());
    assertEquals(8, forest.maxDepth());
    assertEquals(0.5, forest.featureFraction());
  }

  @Test
  void settingsThatDoNotApplyAreErrorsNotSilentlyIgnored() {
    assertMessage("key 'trees': applies to random_forest only", "label", "y", "trees", 10);
    assertMessage("key 'l2': applies to the distributed backend only", "label", "y", "l2", 0.1);
    assertMessage("key 'learningRate': applies to the local backend only", "label", "y", "backend", "distributed",
        "learningRate", 0.1);
    assertMessage("random_forest has no distributed trainer", "label", "y", "algorithm", "random_forest",
        "backend", "distributed");
    assertMessage("key 'task': algorithm linear cannot do binary", "label", "y", "algorithm", "linear", "task", "binary");
    assertMessage("key 'algorithm': unknown algorithm 'gbm'", "label", "y", "algorithm", "gbm");
    assertMessage("key 'label' is missing", "algorithm", "linear");
    assertMessage("key 'iterations': must be between 1 and 1000", "label", "y", "iterations", 0);
    assertMessage("key 'tolerance': applies to the distributed backend only", "label", "y", "tolerance", 1e-3);
    assertMessage("key 'tolerance': must be in (0, 1)", "label", "y", "backend", "distributed", "tolerance", 0.0);
    assertMessage("key 'maxLocalRows': applies to the local backend only", "label", "y", "backend", "distributed",
        "maxLocalRows", 10);
    assertMessage("key 'maxLocalRows': must be at least 1", "label", "y", "maxLocalRows", 0);
  }

  @Test
  void columnsAreCheckedAgainstTheSchema() {
    Schema schema = Schema.builder().addDoubleField("fare").addInt64Field("hour").addStringField("payment_type")
        .addBooleanField("big_tipper").build();
    TrainingSetup setup = Configs.setup(schema, "label", "big_tipper");
    assertEquals(List.of("fare", "hour"), setup.features(), "every numeric column but the label, in schema order");
    assertSetupError(schema, "feature 'payment_type' is STRING; one-hot or vocabulary it in preprocess first",
        "label", "big_tipper", "features", List.of("fare", "payment_type"));
    assertSetupError(schema, "label 'tipped' is not a column; columns are [fare, hour, payment_type, big_tipper]",
        "label", "tipped");
    assertSetupError(schema, "feature 'tip' is not a column", "label", "big_tipper", "features", List.of("tip"));
  }

  private static void assertMessage(String expected, Object... keyValues) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Configs.config(keyValues));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static void assertSetupError(Schema schema, String expected, Object... keyValues) {
    TrainingInputException e = assertThrows(TrainingInputException.class, () -> Configs.setup(schema, keyValues));
    assertEquals(expected, e.getMessage().length() >= expected.length() ? e.getMessage().substring(0, expected.length()) : e.getMessage());
  }
}
