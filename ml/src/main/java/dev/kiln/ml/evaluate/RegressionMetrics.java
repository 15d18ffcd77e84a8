package dev.kiln.ml.evaluate;

/**
 * Metrics of a regression over one slice.
 *
 * @param rmse square root of the mean squared error
 * @param mae mean absolute error
 * @param r2 1 - SSE / SST, the share of the label's variance explained (NaN when the label is constant)
 */
public record RegressionMetrics(long examples, double rmse, double mae, double r2, double meanPrediction, double meanLabel) {}
