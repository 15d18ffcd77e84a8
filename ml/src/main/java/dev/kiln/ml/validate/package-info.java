/**
 * The {@code validate} step: statistics against a schema, between splits and against a baseline.
 *
 * <p>{@link dev.kiln.ml.validate.SchemaCheck} finds missing and unexpected features, type mismatches,
 * missing values of required features, values outside a domain and numbers outside a range, with the
 * counts the statistics give (bounded where sketches only bound them, see {@link
 * dev.kiln.ml.validate.RangeCounts}). {@link dev.kiln.ml.validate.DistributionCheck} measures drift
 * between splits and skew against a baseline with the {@link dev.kiln.ml.validate.Distances}
 * (L-infinity for categorical features, Jensen–Shannon for numeric ones). {@link
 * dev.kiln.ml.validate.Validator} puts the checks together into an {@link
 * dev.kiln.ml.validate.AnomaliesDocument}; {@link dev.kiln.ml.validate.ValidateStep} runs it in Beam and
 * applies the {@code onAnomalies} policy; {@link dev.kiln.ml.validate.AnomaliesReport} renders it.
 */
package dev.kiln.ml.validate;
