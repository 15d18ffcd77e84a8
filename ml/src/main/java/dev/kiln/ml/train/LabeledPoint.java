package dev.kiln.ml.train;

/**
 * One training row as numbers: the feature vector in the model's feature order and the target (a
 * class index, or the value for regression). The local trainer hands these to Tribuo.
 */
public final class LabeledPoint {
  private final double[] x;
  private final double y;

  public LabeledPoint(double[] x, double y) {
    this.x = x;
    this.y = y;
  }

  /** The features (not a copy: treat as read-only). */
  public double[] x() {
    return x;
  }

  public double y() {
    return y;
  }
}
