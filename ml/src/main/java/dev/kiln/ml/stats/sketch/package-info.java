/**
 * The mergeable summaries behind the statistics, written for Kiln: a quantile sketch with a tracked
 * deterministic rank error, HyperLogLog with Ertl's improved estimator, and a Misra–Gries
 * heavy-hitters summary with a tracked count error. Each encodes itself compactly for Beam coders.
 */
package dev.kiln.ml.stats.sketch;
