package dev.kiln.ml.train;

/**
 * Solves {@code M·x = b} for a symmetric positive semi-definite M by Cholesky factorization. When M is
 * singular (collinear features such as a full one-hot block with a bias, or the softmax's redundant
 * class) a small ridge, growing until the factorization succeeds, makes it definite: the Newton step
 * then moves only along directions the data determines.
 */
final class SymmetricSolver {
  private SymmetricSolver() {}

  static double[] solve(double[][] m, double[] b) {
    int p = b.length;
    double scale = 0;
    for (int i = 0; i < p; i++) {
      scale = Math.max(scale, Math.abs(m[i][i]));
    }
    scale = scale == 0 ? 1 : scale;
    for (double ridge = scale * 1e-12; ridge < scale * 1e3; ridge *= 10) {
      double[][] l = cholesky(m, ridge);
      if (l != null) {
        return substitute(l, b);
      }
    }
    throw new IllegalStateException("the Newton system is not positive definite; try a larger l2");
  }

  /** The lower factor of M + ridge·I, or null when it is not positive definite. */
  private static double[][] cholesky(double[][] m, double ridge) {
    int p = m.length;
    double[][] l = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = m[i][j] + (i == j ? ridge : 0);
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > ridge * 1e-3)) {
            return null;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  private static double[] substitute(double[][] l, double[] b) {
    int p = b.length;
    double[] y = new double[p];
    for (int i = 0; i < p; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < p; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
