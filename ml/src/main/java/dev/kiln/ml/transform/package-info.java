/**
 * The {@code preprocess} step (TFX's Transform): fit feature transformations on one split and apply them
 * to every split, and the {@link dev.kiln.ml.transform.TransformGraph} that carries the fitted
 * parameters to training, batch inference and serving so that all of them transform rows identically.
 *
 * <p>Order of operations for every row: derived columns are computed from raw columns
 * ({@link dev.kiln.ml.transform.Derivation}), then missing values of each feature are imputed, then the
 * feature's one operation is applied (standardize, min-max scale, bucketize, vocabulary or hash), then
 * an index may be one-hot encoded. Passthrough columns (the label) are copied unchanged.
 *
 * <p>The output schema depends only on the configuration and the input schema, never on the data:
 * one-hot columns are named {@code <feature>__<index>} and their number is fixed by the configuration
 * (vocabulary {@code topK + oovBuckets}, {@code buckets} for bucketize and hash). This is what lets the
 * step declare its output schema before anything is fitted; the graph maps each index to its value.
 */
package dev.kiln.ml.transform;
