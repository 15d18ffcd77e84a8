package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The distributed trainer's optimizer, driven pass by pass on in-memory blocks. */
class LbfgsStateTest {
  static final LabelEncoding BINARY = new LabelEncoding(ModelTask.BINARY, List.of("0", "1"), 0, 0);
  static final LabelEncoding REGRESSION = new LabelEncoding(ModelTask.REGRESSION, List.of(), 0, 0);

  /** Dense rows as blocks: every column a numeric term. */
  static List<PointBlock> blocks(List<double[]> xs, List<Double> ys) {
    int width = xs.get(0).length;
    PointBlock.Builder b = new PointBlock.Builder(width);
    List<PointBlock> out = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      int at = b.nextOffset();
      for (int j = 0; j < width; j++) {
        b.terms()[at + j] = j;
        b.values()[at + j] = xs.get(i)[j];
      }
      PointBlock full = b.add(ys.get(i));
      if (full != null) {
        out.add(full);
      }
    }
    PointBlock rest = b.take();
    if (rest != null) {
      out.add(rest);
    }
    return out;
  }

  static GradientSums pass(LbfgsState state, List<PointBlock> blocks) {
    GradientSums total = GradientSums.empty();
    for (PointBlock block : blocks) { // one "bundle" per block, merged: as a runner would
      GradientSums s = GradientSums.empty(state.parameterCount());
      s.add(state.task, state.outputs, state.terms, state.trial, block);
      total.merge(s);
    }
    return total;
  }

  static LbfgsState train(LabelEncoding encoding, List<PointBlock> blocks, int terms, double l2, int passes) {
    LbfgsState state = LbfgsState.initial(encoding, terms, l2, 1e-9);
    for (int i = 0; i < passes; i++) {
      state = state.next(state.done ? GradientSums.empty() : pass(state, blocks));
    }
    return state;
  }

  static List<PointBlock> logisticData(int n, double[] w, double b, long seed) {
    Random r = new Random(seed);
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] row = new double[w.length];
      double z = b;
      for (int j = 0; j < w.length; j++) {
        row[j] = r.nextGaussian();
        z += w[j] * row[j];
      }
      x.add(row);
      y.add(r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1.0 : 0.0);
    }
    return blocks(x, y);
  }

  @Test
  void logisticReachesAPointWhereTheGradientVanishesAndSaysItConverged() {
    List<PointBlock> data = logisticData(3000, new double[] {1.5, -2}, 0.5, 1);
    double l2 = 1e-3;
    LbfgsState state = train(BINARY, data, 2, l2, 100);
    assertTrue(state.done && state.converged, "converged within 100 passes, took " + state.passes);
    assertTrue(state.passes < 100 && state.iterations <= state.passes, state.iterations + " iterations, " + state.passes + " passes");
    double[] theta = state.result();
    LbfgsState at = LbfgsState.initial(BINARY, 2, l2, 1e-9);
    at.trial = theta;
    GradientSums s = pass(at, data);
    for (int i = 0; i < 3; i++) {
      double g = s.gradient(i) / s.n + (i < 2 ? l2 * theta[i] : 0);
      assertEquals(0, g, 1e-6, "gradient of the penalized objective at the result, entry " + i);
    }
    assertEquals(1.5, theta[0], 0.2, "the true weights, up to sampling noise");
    assertEquals(-2, theta[1], 0.2);
    assertEquals(0.5, theta[2], 0.2);
  }

  @Test
  void lossNeverRisesAndTheFirstLossIsLogTwo() {
    LbfgsState state = train(BINARY, logisticData(500, new double[] {3, 3}, 0, 2), 2, 1e-4, 30);
    assertEquals(Math.log(2), state.losses[0], 1e-12);
    // the objective (loss + penalty) never rises; the loss alone may by a hair, traded for a smaller penalty
    for (int i = 1; i < state.losses.length; i++) {
      assertTrue(state.losses[i] <= state.losses[i - 1] + 1e-8, java.util.Arrays.toString(state.losses));
    }
    assertEquals(state.iterations + 1, state.losses.length);
  }

  @Test
  void separableDataStaysFiniteThanksToThePenalty() {
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      x.add(new double[] {i < 50 ? -1 - i * 0.01 : 1 + i * 0.01});
      y.add(i < 50 ? 0.0 : 1.0);
    }
    LbfgsState state = train(BINARY, blocks(x, y), 1, 1e-2, 40);
    assertTrue(Double.isFinite(state.result()[0]) && state.result()[0] > 1, "weight " + state.result()[0]);
  }

  @Test
  void squaredLossReachesTheLeastSquaresSolution() {
    Random r = new Random(3);
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double[] row = {r.nextGaussian(), r.nextGaussian()};
      x.add(row);
      y.add(1 + 4 * row[0] - 2 * row[1]); // no noise
    }
    LbfgsState state = train(REGRESSION, blocks(x, y), 2, 0, 60);
    assertTrue(state.converged, "converged after " + state.passes + " passes");
    assertArrayEquals(new double[] {4, -2, 1}, state.result(), 1e-5);
  }

  @Test
  void softmaxGradientMatchesFiniteDifferencesOfTheLoss() {
    LabelEncoding three = new LabelEncoding(ModelTask.MULTICLASS, List.of("a", "b", "c"), 0, 0);
    Random r = new Random(5);
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      x.add(new double[] {r.nextGaussian(), r.nextGaussian()});
      y.add((double) r.nextInt(3));
    }
    List<PointBlock> data = blocks(x, y);
    LbfgsState at = LbfgsState.initial(three, 2, 0, 1e-9);
    double[] theta = new double[9];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = 0.3 * r.nextGaussian();
    }
    at.trial = theta;
    GradientSums base = pass(at, data);
    double eps = 1e-6;
    for (int a = 0; a < theta.length; a++) {
      double[] moved = theta.clone();
      moved[a] += eps;
      at.trial = moved;
      GradientSums s = pass(at, data);
      assertEquals((s.loss() - base.loss()) / eps, base.gradient(a), 1e-4, "dL/dθ[" + a + "]");
    }
  }

  @Test
  void noRowsIsAClearError() {
    LbfgsState state = LbfgsState.initial(BINARY, 2, 0, 1e-6);
    var e = assertThrows(TrainingInputException.class, () -> state.next(GradientSums.empty()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void afterConvergencePassesCarryTheStateOnUnchanged() {
    LbfgsState state = train(BINARY, logisticData(300, new double[] {1, 1}, 0, 6), 2, 1e-2, 60);
    assertTrue(state.done);
    LbfgsState after = state.next(GradientSums.empty());
    assertEquals(state.passes, after.passes, "a pass after convergence does no work and is not counted");
    assertArrayEquals(state.result(), after.result(), 0);
  }
}
