/**
 * The {@code push} step: copies a blessed model to numbered versions of a destination
 * ({@link dev.kiln.ml.push.ModelDestination}), whose newest version is the baseline of the next
 * {@code evaluate}; records a {@link dev.kiln.ml.push.PushResult} document either way.
 */
package dev.kiln.ml.push;
