package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelScorer;
import dev.kiln.ml.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 3's acceptance check: on taxi, the local (Tribuo) and distributed (L-BFGS) logistic regressions agree. */
class TaxiLogisticTest {
  /** At most this many passes: enough for the held-out AUC, and few unrolled passes keep the test fast. */
  static final int ITERATIONS = 25;
  static TaxiExamples taxi;
  static ModelDocument local;
  static ModelDocument distributed;

  @BeforeAll
  static void train() {
    taxi = TaxiExamples.load();
    List<String> models = BeamRuns.train(taxi.schema, taxi.train,
        new LocalTrainer(Configs.setup(taxi.schema, "label", "big_tipper"), null),
        new DistributedTrainer(Configs.setup(taxi.schema, "label", "big_tipper", "backend", "distributed",
            "iterations", ITERATIONS), null));
    local = ModelDocument.fromJson(models.get(0));
    distributed = ModelDocument.fromJson(models.get(1));
  }

  @Test
  void localAndDistributedLogisticRegressionsReachTheSameHeldOutAucWithinOneHundredth() {
    double a = heldOutAuc(local);
    double b = heldOutAuc(distributed);
    assertTrue(a > 0.75, "local AUC " + a);
    assertTrue(b > 0.75, "distributed AUC " + b);
    assertEquals(a, b, 0.01, "local " + a + " vs distributed " + b);
  }

  @Test
  void bothModelsAreBinaryOverTheNumericColumnsWithFalseBeforeTrue() {
    for (ModelDocument m : List.of(local, distributed)) {
      assertEquals(ModelTask.BINARY, m.task());
      assertEquals(List.of("false", "true"), m.classes());
      assertTrue(m.features().contains("fare_z") && m.features().contains("pay_cash"), m.features().toString());
      assertTrue(!m.features().contains("payment_type"), "a STRING column is not a default feature");
    }
  }

  @Test
  void rowsWithoutLabelAreSkippedAndCounted() {
    long unlabeled = taxi.train.stream().filter(r -> r.getValue(TaxiExamples.LABEL) == null).count();
    assertTrue(unlabeled > 0, "TaxiExamples leaves some training rows without a label");
    for (ModelDocument m : List.of(local, distributed)) {
      assertEquals(unlabeled, m.training().skippedRows());
      assertEquals(taxi.train.size() - unlabeled, m.training().rows());
    }
  }

  @Test
  void distributedLossFallsAndSettlesWithinTheIterations() {
    List<Double> losses = distributed.training().lossPerIteration();
    int iterations = distributed.training().iterations();
    assertEquals(iterations + 1, losses.size(), "the loss at the start and after every iteration");
    assertTrue(distributed.training().passes() >= iterations && distributed.training().passes() <= ITERATIONS,
        distributed.training().passes() + " passes for " + iterations + " iterations");
    assertEquals(Math.log(2), losses.get(0), 1e-9, "all parameters start at zero: p = 1/2 for every row (10 digits kept)");
    for (int i = 1; i < losses.size(); i++) {
      // the penalized objective never rises; the loss alone may by a hair, traded for a smaller penalty
      assertTrue(losses.get(i) <= losses.get(i - 1) + 1e-7, "loss rose at iteration " + i + ": " + losses);
    }
    // payment type nearly separates the classes (cash tips are not recorded), so the last steps are small but not nil
    assertEquals(losses.get(losses.size() - 2), losses.get(losses.size() - 1), 1e-3, "settled: " + losses);
    assertTrue(distributed.training().auc() > 0.75);
  }

  static double heldOutAuc(ModelDocument model) {
    ModelScorer scorer = ModelScorer.fromJson(model.toJson());
    List<Double> scores = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    for (Row r : taxi.heldOut) {
      Boolean label = r.getBoolean(TaxiExamples.LABEL);
      if (label != null) {
        scores.add(scorer.predict(r).value());
        labels.add(label);
      }
    }
    double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] y = new boolean[labels.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i);
    }
    return Auc.of(s, y);
  }
}
