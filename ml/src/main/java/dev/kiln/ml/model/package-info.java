/**
 * The Model artifact: {@link dev.kiln.ml.model.ModelDocument} (canonical JSON with the task, the
 * features, the classes, the hyperparameters, training metrics, the library and its provenance, the
 * embedded TransformGraph and the learned parameters) and {@link dev.kiln.ml.model.ModelScorer},
 * which predicts from a transformed row with nothing but that JSON.
 *
 * <p>Parameters are plain JSON: {@link dev.kiln.ml.model.LinearWeights} (binary logistic and linear
 * regression), {@link dev.kiln.ml.model.SoftmaxWeights} (multiclass logistic) and
 * {@link dev.kiln.ml.model.TreeEnsemble} (random forests; trees exported from Tribuo).
 */
package dev.kiln.ml.model;
