/**
 * The {@code train} step and its two backends. {@link dev.kiln.ml.train.LocalTrainer} streams the
 * training split into one worker and trains with Tribuo 4.3 (logistic regression, linear regression,
 * random forests); {@link dev.kiln.ml.train.DistributedTrainer} is a data-parallel Newton trainer
 * written as Beam transforms (logistic and linear regression), one combine of gradient and Hessian
 * per iteration. Both write the same {@link dev.kiln.ml.model.ModelDocument}.
 */
package dev.kiln.ml.train;
