package dev.kiln.ml.stats;

import java.io.Serializable;

/** Figures of a boolean field over its non-null values. */
public record BooleanStatistics(long trueCount, long falseCount) implements Serializable {}
