package dev.kiln.ml.train;

import dev.kiln.ml.model.LinearWeights;
import dev.kiln.ml.model.ModelParameters;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.SoftmaxWeights;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The distributed trainer's state between two passes: the parameters θ the next pass evaluates, the
 * best parameters evaluated so far with their objective, and the loss of every pass. The objective is
 * {@code mean loss + l2/2·|w|²} (biases are not penalized).
 *
 * <p>{@link #next} takes a damped Newton step: if the parameters just evaluated are no worse than the
 * best so far, they become the best and the next θ is the Newton step from them; otherwise the last
 * step overshot and the next θ is half way back to the best. Logistic regression from zero rarely
 * needs the second case; it is there so a bad step can never ruin the model.
 */
final class NewtonState implements Serializable {
  private static final long serialVersionUID = 1L;

  final ModelTask task;
  final int outputs;
  final int features;
  final double l2;
  final double[] theta;
  final double[] best;
  final double bestObjective;
  final double[] losses;

  private NewtonState(ModelTask task, int outputs, int features, double l2, double[] theta, double[] best,
      double bestObjective, double[] losses) {
    this.task = task;
    this.outputs = outputs;
    this.features = features;
    this.l2 = l2;
    this.theta = theta;
    this.best = best;
    this.bestObjective = bestObjective;
    this.losses = losses;
  }

  /** All parameters zero (the model that predicts the class prior's logit 0, or 0 for regression). */
  static NewtonState initial(LabelEncoding encoding, int features, double l2) {
    int p = encoding.outputs() * (features + 1);
    return new NewtonState(encoding.task(), encoding.outputs(), features, l2, new double[p], null,
        Double.POSITIVE_INFINITY, new double[0]);
  }

  int parameterCount() {
    return theta.length;
  }

  /** The state after a pass that summed {@code sums} at {@link #theta}. */
  NewtonState next(NewtonSums sums) {
    if (sums.n == 0) {
      throw new TrainingInputException("the training data is empty: no rows to train on");
    }
    double meanLoss = sums.loss / sums.n;
    double objective = objective(meanLoss, theta);
    double[] losses = Arrays.copyOf(this.losses, this.losses.length + 1);
    losses[losses.length - 1] = meanLoss;
    if (best == null || objective <= bestObjective) {
      double[] step = SymmetricSolver.solve(systemMatrix(sums), systemVector(sums));
      double[] next = new double[theta.length];
      for (int i = 0; i < next.length; i++) {
        next[i] = theta[i] - step[i];
        if (!Double.isFinite(next[i])) {
          throw new IllegalStateException("the distributed trainer diverged at iteration " + losses.length
              + " (parameters are no longer finite); try a larger l2 or standardize the features in preprocess");
        }
      }
      if (task == ModelTask.MULTICLASS) {
        centerOverClasses(next);
      }
      return new NewtonState(task, outputs, features, l2, next, theta.clone(), objective, losses);
    }
    double[] back = new double[theta.length];
    for (int i = 0; i < back.length; i++) {
      back[i] = (best[i] + theta[i]) / 2;
    }
    return new NewtonState(task, outputs, features, l2, back, best, bestObjective, losses);
  }

  /**
   * Subtracts, per feature and for the bias, the mean over the classes. Adding the same vector to
   * every class's parameters leaves the softmax unchanged, so the Hessian is singular along that
   * direction and the solver's tiny ridge lets rounding noise move the parameters along it; the
   * penalized optimum has mean zero there anyway, so centering removes only that noise.
   */
  private void centerOverClasses(double[] params) {
    int width = features + 1;
    for (int i = 0; i < width; i++) {
      double mean = 0;
      for (int k = 0; k < outputs; k++) {
        mean += params[k * width + i];
      }
      mean /= outputs;
      for (int k = 0; k < outputs; k++) {
        params[k * width + i] -= mean;
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
    return i % (features + 1) == features;
  }

  /** Mean Hessian plus the penalty's l2 on the weights' diagonal. */
  private double[][] systemMatrix(NewtonSums sums) {
    double[][] m = sums.hessianMatrix();
    for (int a = 0; a < m.length; a++) {
      for (int b = 0; b < m.length; b++) {
        m[a][b] /= sums.n;
      }
      if (!isBias(a)) {
        m[a][a] += l2;
      }
    }
    return m;
  }

  /** Mean gradient plus the penalty's gradient l2·w. */
  private double[] systemVector(NewtonSums sums) {
    double[] g = new double[theta.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = sums.gradient[i] / sums.n + (isBias(i) ? 0 : l2 * theta[i]);
    }
    return g;
  }

  /**
   * Model parameters for θ-shaped {@code params}, rounded ({@link Rounding}): the sums behind them
   * depend on the order the runner added the rows in, in their last bits.
   */
  ModelParameters parameters(double[] raw) {
    double[] params = Rounding.round(raw);
    int width = features + 1;
    if (task != ModelTask.MULTICLASS) {
      return new LinearWeights(params[features], Arrays.copyOf(params, features));
    }
    double[] biases = new double[outputs];
    double[][] weights = new double[outputs][];
    for (int k = 0; k < outputs; k++) {
      biases[k] = params[k * width + features];
      weights[k] = Arrays.copyOfRange(params, k * width, k * width + features);
    }
    return new SoftmaxWeights(biases, weights);
  }
}
