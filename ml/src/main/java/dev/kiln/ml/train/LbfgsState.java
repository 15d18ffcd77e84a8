package dev.kiln.ml.train;

import dev.kiln.ml.model.LinearWeights;
import dev.kiln.ml.model.ModelParameters;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.SoftmaxWeights;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distributed trainer's optimizer between two passes over the data: limited-memory BFGS
 * (L-BFGS) on {@code F(θ) = mean loss + l2/2·|w|²} (biases are not penalized). Each pass evaluates F
 * and its gradient at one point, {@link #trial}; {@link #next} takes the pass's sums and picks the
 * next point:
 *
 * <ul>
 *   <li>If F fell enough at the trial point (Armijo's condition), the point is accepted, the pair
 *       (step, change of gradient) joins the last {@value #MEMORY} pairs, and the next trial is the
 *       full L-BFGS step from it: the gradient times the inverse-Hessian estimate of those pairs.
 *   <li>Otherwise the step was too long: the next trial is along the same direction at the length
 *       that minimizes the parabola through F's value and slope at the accepted point and F at the
 *       trial (kept between a tenth and a half of the rejected length).
 * </ul>
 *
 * Why L-BFGS: a pass costs the rows' non-zeros (no P×P Hessian), and with the full step accepted
 * almost always it makes one pass per iteration. Newton–CG would need a gradient pass plus one
 * Hessian-vector pass per CG step, several per iteration; Newton with the full Hessian costs P² per
 * row and P³ per solve, impossible at 10,000 features.
 *
 * <p>It stops when an accepted step lowers F by at most {@code tolerance·|F|}, or when the gradient's
 * largest entry is at most {@code tolerance}: {@link #converged}. Given bit-identical sums
 * ({@link FixedPointSums}) every decision here is the same on every runner.
 */
final class LbfgsState implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The (step, gradient change) pairs kept. */
  static final int MEMORY = 10;
  /** Armijo's sufficient-decrease constant. */
  static final double ARMIJO = 1e-4;

  final ModelTask task;
  final int outputs;
  final int terms;
  final double l2;
  final double tolerance;
  /** The point the next pass evaluates. */
  double[] trial;
  /** The last accepted point, its objective and gradient; null before the first pass. */
  double[] x;
  double fx;
  double[] gx;
  /** The search direction from x, the length along it of the trial point, and F's slope along it at x. */
  double[] direction;
  double step;
  double slope;
  List<double[]> s = new ArrayList<>();
  List<double[]> y = new ArrayList<>();
  /** Accepted steps, and passes that did work (after convergence, passes only carry the state on). */
  int iterations;
  int passes;
  /** The mean loss (without the penalty) at the start and after every accepted step. */
  double[] losses = new double[0];
  boolean done;
  boolean converged;

  private LbfgsState(ModelTask task, int outputs, int terms, double l2, double tolerance) {
    this.task = task;
    this.outputs = outputs;
    this.terms = terms;
    this.l2 = l2;
    this.tolerance = tolerance;
  }

  /** All parameters zero: the first pass evaluates there. */
  static LbfgsState initial(LabelEncoding encoding, int terms, double l2, double tolerance) {
    LbfgsState st = new LbfgsState(encoding.task(), encoding.outputs(), terms, l2, tolerance);
    st.trial = new double[encoding.outputs() * (terms + 1)];
    return st;
  }

  int parameterCount() {
    return trial.length;
  }

  /** The state after a pass that summed {@code sums} at {@link #trial}. This state is not changed. */
  LbfgsState next(GradientSums sums) {
    LbfgsState n = copy();
    n.advance(sums);
    return n;
  }

  private void advance(GradientSums sums) {
    if (done) {
      return;
    }
    passes++;
    if (sums.n == 0) {
      throw new TrainingInputException("the training data is empty: no rows to train on");
    }
    double meanLoss = sums.loss() / sums.n;
    double[] g = new double[trial.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = sums.gradient(i) / sums.n + (isBias(i) ? 0 : l2 * trial[i]);
    }
    double f = objective(meanLoss, trial);
    if (x == null) {
      accept(f, g, meanLoss);
      turn();
      return;
    }
    if (Double.isFinite(f) && f <= fx + ARMIJO * step * slope) {
      double[] sv = minus(trial, x);
      double[] yv = minus(g, gx);
      if (dot(sv, yv) > 1e-12 * dot(yv, yv)) { // keeps the inverse-Hessian estimate positive definite
        s.add(sv);
        y.add(yv);
        if (s.size() > MEMORY) {
          s.remove(0);
          y.remove(0);
        }
      }
      double decrease = fx - f;
      accept(f, g, meanLoss);
      iterations++;
      if (decrease <= tolerance * Math.abs(f) || maxAbs(g) <= tolerance) {
        done = true;
        converged = true;
        return;
      }
      turn();
      return;
    }
    double curvature = 2 * (f - fx - slope * step);
    double shorter = Double.isFinite(f) && curvature > 0 ? -slope * step * step / curvature : step / 2;
    shorter = Math.min(step / 2, Math.max(step / 10, shorter));
    if (shorter * maxAbs(direction) <= 1e-12 * Math.max(1, maxAbs(x))) {
      done = true; // no step along a descent direction lowers F any more: as close as doubles get
      converged = maxAbs(gx) <= Math.sqrt(tolerance);
      return;
    }
    step = shorter;
    trial = along(x, step, direction);
  }

  private void accept(double f, double[] g, double meanLoss) {
    x = trial;
    fx = f;
    gx = g;
    losses = Arrays.copyOf(losses, losses.length + 1);
    losses[losses.length - 1] = meanLoss;
  }

  /** The L-BFGS direction from x (two-loop recursion), and the full step along it as the next trial. */
  private void turn() {
    double[] q = gx.clone();
    int m = s.size();
    double[] alpha = new double[m];
    for (int i = m - 1; i >= 0; i--) {
      alpha[i] = dot(s.get(i), q) / dot(y.get(i), s.get(i));
      axpy(-alpha[i], y.get(i), q);
    }
    double gamma = m == 0 ? 1 / Math.max(1, Math.sqrt(dot(gx, gx)))
        : dot(s.get(m - 1), y.get(m - 1)) / dot(y.get(m - 1), y.get(m - 1));
    for (int i = 0; i < q.length; i++) {
      q[i] *= gamma;
    }
    for (int i = 0; i < m; i++) {
      double beta = dot(y.get(i), q) / dot(y.get(i), s.get(i));
      axpy(alpha[i] - beta, s.get(i), q);
    }
    double[] d = new double[q.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = -q[i];
    }
    double sl = dot(gx, d);
    if (!(sl < 0)) { // not a descent direction (rounding): forget the pairs, go down the gradient
      s.clear();
      y.clear();
      double scale = 1 / Math.max(1, Math.sqrt(dot(gx, gx)));
      for (int i = 0; i < d.length; i++) {
        d[i] = -scale * gx[i];
      }
      sl = dot(gx, d);
    }
    if (sl == 0) {
      done = true; // the gradient is exactly zero
      converged = true;
      return;
    }
    direction = d;
    slope = sl;
    step = 1;
    trial = along(x, 1, d);
    for (double v : trial) {
      if (!Double.isFinite(v)) {
        throw new IllegalStateException("the distributed trainer diverged at iteration " + iterations
            + " (parameters are no longer finite); try a larger l2 or standardize the features in preprocess");
      }
    }
  }

  /** {@code meanLoss + l2/2·|w|²} at {@code params}. */
  double objective(double meanLoss, double[] params) {
    double penalty = 0;
    for (int i = 0; i < params.length; i++) {
      if (!isBias(i)) {
        penalty += params[i] * params[i];
      }
    }
    return meanLoss + l2 / 2 * penalty;
  }

  private boolean isBias(int i) {
    return i % (terms + 1) == terms;
  }

  /**
   * Model parameters for θ-shaped {@code raw}, rounded to {@value Rounding#DIGITS} digits
   * ({@link Rounding}), which keeps the model document short and its bytes stable.
   */
  ModelParameters parameters(double[] raw) {
    double[] params = Rounding.round(raw);
    int width = terms + 1;
    if (task != ModelTask.MULTICLASS) {
      return new LinearWeights(params[terms], Arrays.copyOf(params, terms));
    }
    double[] biases = new double[outputs];
    double[][] weights = new double[outputs][];
    for (int k = 0; k < outputs; k++) {
      biases[k] = params[k * width + terms];
      weights[k] = Arrays.copyOfRange(params, k * width, k * width + terms);
    }
    return new SoftmaxWeights(biases, weights);
  }

  /** The parameters training ends with: the last accepted point. */
  double[] result() {
    return x == null ? trial : x;
  }

  private LbfgsState copy() {
    LbfgsState c = new LbfgsState(task, outputs, terms, l2, tolerance);
    // arrays are replaced, never changed in place, once they are in a state: sharing them is safe
    c.trial = trial;
    c.x = x;
    c.fx = fx;
    c.gx = gx;
    c.direction = direction;
    c.step = step;
    c.slope = slope;
    c.s = new ArrayList<>(s);
    c.y = new ArrayList<>(y);
    c.iterations = iterations;
    c.passes = passes;
    c.losses = losses;
    c.done = done;
    c.converged = converged;
    return c;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] into) {
    for (int i = 0; i < into.length; i++) {
      into[i] += a * x[i];
    }
  }

  private static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static double[] along(double[] from, double length, double[] d) {
    double[] out = new double[from.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = from[i] + length * d[i];
    }
    return out;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
