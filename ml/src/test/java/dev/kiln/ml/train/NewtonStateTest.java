package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.model.LinearWeights;
import dev.kiln.ml.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The distributed trainer's maths without Beam: sums over points, Newton steps, the objective. */
class NewtonStateTest {

  /** Runs the trainer's iterations in a plain loop, splitting the sums in three parts merged like bundles. */
  private static NewtonState train(LabelEncoding encoding, List<LabeledPoint> points, int d, double l2, int iterations) {
    NewtonState state = NewtonState.initial(encoding, d, l2);
    for (int i = 0; i < iterations; i++) {
      NewtonSums total = NewtonSums.empty(state.parameterCount());
      for (int part = 0; part < 3; part++) {
        NewtonSums s = NewtonSums.empty(state.parameterCount());
        for (int j = part; j < points.size(); j += 3) {
          s.add(state.task, state.outputs, state.theta, points.get(j).x(), points.get(j).y());
        }
        total.merge(s);
      }
      state = state.next(total);
    }
    return state;
  }

  private static List<LabeledPoint> logisticData(int n, double[] w, double b, long seed) {
    Random r = new Random(seed);
    List<LabeledPoint> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = {r.nextGaussian(), r.nextGaussian()};
      double p = LinearWeights.sigmoid(b + w[0] * x[0] + w[1] * x[1]);
      points.add(new LabeledPoint(x, r.nextDouble() < p ? 1 : 0));
    }
    return points;
  }

  @Test
  void logisticNewtonReachesAPointWhereTheGradientVanishes() {
    List<LabeledPoint> points = logisticData(3000, new double[] {1.5, -2}, 0.5, 1);
    LabelEncoding binary = new LabelEncoding(ModelTask.BINARY, List.of("0", "1"), points.size(), 0);
    double l2 = 1e-3;
    NewtonState state = train(binary, points, 2, l2, 8);
    NewtonSums at = NewtonSums.empty(3);
    points.forEach(p -> at.add(ModelTask.BINARY, 1, state.theta, p.x(), p.y()));
    double[] theta = state.theta;
    double[] gradient = {at.gradient[0] / at.n + l2 * theta[0], at.gradient[1] / at.n + l2 * theta[1], at.gradient[2] / at.n};
    for (double g : gradient) {
      assertEquals(0, g, 1e-10, "gradient of the penalized objective at the result");
    }
    assertEquals(1.5, theta[0], 0.2, "the true weights, up to sampling noise");
    assertEquals(-2, theta[1], 0.2);
    assertEquals(0.5, theta[2], 0.2);
  }

  @Test
  void lossNeverRisesAndTheFirstLossIsLogTwo() {
    List<LabeledPoint> points = logisticData(500, new double[] {3, 3}, 0, 2);
    LabelEncoding binary = new LabelEncoding(ModelTask.BINARY, List.of("0", "1"), points.size(), 0);
    NewtonState state = train(binary, points, 2, 1e-4, 10);
    assertEquals(Math.log(2), state.losses[0], 1e-12);
    for (int i = 1; i < state.losses.length; i++) {
      assertTrue(state.losses[i] <= state.losses[i - 1] + 1e-12, java.util.Arrays.toString(state.losses));
    }
  }

  @Test
  void separableDataStaysFiniteThanksToThePenalty() {
    List<LabeledPoint> points = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double x = i < 50 ? -1 - i * 0.01 : 1 + i * 0.01;
      points.add(new LabeledPoint(new double[] {x}, i < 50 ? 0 : 1));
    }
    LabelEncoding binary = new LabelEncoding(ModelTask.BINARY, List.of("0", "1"), points.size(), 0);
    NewtonState state = train(binary, points, 1, 1e-2, 20);
    assertTrue(Double.isFinite(state.theta[0]) && state.theta[0] > 1, "weight " + state.theta[0]);
  }

  @Test
  void squaredLossIsSolvedExactlyInOneStep() {
    Random r = new Random(5);
    List<LabeledPoint> points = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double[] x = {r.nextGaussian(), r.nextGaussian()};
      points.add(new LabeledPoint(x, 1 + 4 * x[0] - 2 * x[1])); // no noise
    }
    LabelEncoding regression = new LabelEncoding(ModelTask.REGRESSION, List.of(), points.size(), 0);
    NewtonState state = train(regression, points, 2, 0, 1);
    assertEquals(4, state.theta[0], 1e-9);
    assertEquals(-2, state.theta[1], 1e-9);
    assertEquals(1, state.theta[2], 1e-9);
  }

  @Test
  void softmaxHessianMatchesFiniteDifferencesOfTheGradient() {
    Random r = new Random(9);
    double[] x = {r.nextGaussian(), r.nextGaussian()};
    int classes = 3;
    double[] theta = new double[classes * 3];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = r.nextGaussian();
    }
    NewtonSums at = NewtonSums.empty(theta.length);
    at.add(ModelTask.MULTICLASS, classes, theta, x, 1);
    double[][] h = at.hessianMatrix();
    double eps = 1e-6;
    for (int b = 0; b < theta.length; b++) {
      double[] moved = theta.clone();
      moved[b] += eps;
      NewtonSums s = NewtonSums.empty(theta.length);
      s.add(ModelTask.MULTICLASS, classes, moved, x, 1);
      for (int a = 0; a < theta.length; a++) {
        assertEquals((s.gradient[a] - at.gradient[a]) / eps, h[a][b], 1e-4, "H[" + a + "][" + b + "]");
      }
    }
  }

  @Test
  void noRowsIsAClearError() {
    LabelEncoding binary = new LabelEncoding(ModelTask.BINARY, List.of("0", "1"), 0, 0);
    NewtonState state = NewtonState.initial(binary, 2, 0);
    var e = assertThrows(TrainingInputException.class, () -> state.next(NewtonSums.empty(3)));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }
}
