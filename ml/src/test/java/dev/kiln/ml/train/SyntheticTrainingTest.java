package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.model.LinearWeights;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelScorer;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.Prediction;
import dev.kiln.ml.model.SoftmaxWeights;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Both backends on data whose answer is known: linear coefficients, separable classes. */
class SyntheticTrainingTest {

  @Test
  void linearRegressionRecoversTheKnownCoefficientsOnBothBackends() {
    List<Row> rows = Synthetic.linear(2000, 7);
    List<String> json = BeamRuns.train(Synthetic.LINEAR, rows,
        new LocalTrainer(Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "linear"), null),
        new DistributedTrainer(Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "linear",
            "backend", "distributed", "l2", 0.0, "iterations", 20), null));
    ModelDocument local = ModelDocument.fromJson(json.get(0));
    ModelDocument distributed = ModelDocument.fromJson(json.get(1));
    assertCoefficients(local, 0.05); // AdaGrad SGD ends near the optimum
    assertCoefficients(distributed, 0.01); // L-BFGS converges on the quadratic to the least-squares solution
    assertEquals(ModelTask.REGRESSION, distributed.task());
    assertEquals(List.of(), distributed.classes());
    assertEquals(0.1, distributed.training().rmse(), 0.01, "the noise level");
    assertEquals(Boolean.TRUE, distributed.training().converged(), "stopped by its tolerance, not by the pass limit");
    assertEquals(distributed.training().iterations() + 1, distributed.training().lossPerIteration().size(),
        "the loss at the start and after every iteration");
    assertEquals("tribuo", local.library().name());
    assertEquals("4.3.2", local.library().version());
  }

  private static void assertCoefficients(ModelDocument m, double tolerance) {
    LinearWeights w = (LinearWeights) m.parameters();
    assertEquals(Synthetic.BIAS, w.bias(), tolerance, m.backend() + " bias");
    for (int i = 0; i < Synthetic.WEIGHTS.length; i++) {
      assertEquals(Synthetic.WEIGHTS[i], w.weights()[i], tolerance, m.backend() + " weight of x" + (i + 1));
    }
  }

  @Test
  void multiclassLogisticRegressionSeparatesThreeStringClassesOnBothBackends() {
    List<Row> rows = Synthetic.blobs(900, 11);
    List<Row> test = Synthetic.blobs(300, 12);
    List<String> json = BeamRuns.train(Synthetic.BLOBS, rows,
        new LocalTrainer(Configs.setup(Synthetic.BLOBS, "label", "kind", "features", List.of("u", "v", "noise")), null),
        new DistributedTrainer(Configs.setup(Synthetic.BLOBS, "label", "kind", "features", List.of("u", "v", "noise"),
            "backend", "distributed", "iterations", 8), null));
    for (String j : json) {
      ModelDocument m = ModelDocument.fromJson(j);
      assertEquals(ModelTask.MULTICLASS, m.task());
      assertEquals(List.of("east", "north", "west"), m.classes());
      assertTrue(m.parameters() instanceof SoftmaxWeights);
      ModelScorer scorer = ModelScorer.of(m);
      int right = 0;
      for (Row r : test) {
        Prediction p = scorer.predict(r);
        assertEquals(1.0, java.util.Arrays.stream(p.probabilities()).sum(), 1e-9);
        if (p.predictedClass().equals(r.getString("kind"))) {
          right++;
        }
      }
      assertTrue(right > 0.9 * test.size(), m.backend() + " got " + right + " of " + test.size());
      assertTrue(m.training().accuracy() > 0.9, m.backend() + " training accuracy " + m.training().accuracy());
    }
  }

  @Test
  void theSameRowsInAnotherOrderGiveTheSameModelBytes() {
    List<Row> rows = Synthetic.blobs(600, 13);
    List<Row> reversed = new java.util.ArrayList<>(rows);
    java.util.Collections.reverse(reversed);
    TrainingSetup local = Configs.setup(Synthetic.BLOBS, "label", "kind", "features", List.of("u", "v", "noise"),
        "iterations", 3);
    TrainingSetup distributed = Configs.setup(Synthetic.BLOBS, "label", "kind", "features", List.of("u", "v", "noise"),
        "backend", "distributed", "iterations", 4);
    List<String> first = BeamRuns.train(Synthetic.BLOBS, rows, new LocalTrainer(local, null),
        new DistributedTrainer(distributed, null));
    List<String> second = BeamRuns.train(Synthetic.BLOBS, reversed, new LocalTrainer(local, null),
        new DistributedTrainer(distributed, null));
    assertEquals(first.get(0), second.get(0), "local (Tribuo) model");
    assertEquals(first.get(1), second.get(1), "distributed model");
  }
}
