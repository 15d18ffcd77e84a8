package dev.kiln.ml.stats;

import java.io.Serializable;
import java.util.List;

/**
 * Figures of a string field over its non-null values.
 *
 * @param distinct number of distinct values: exact when {@code distinctExact}, else a HyperLogLog
 *     estimate
 * @param distinctExact whether {@code distinct} is exact (few enough values to count them all)
 * @param distinctRelativeError 0 when exact, else the HyperLogLog relative standard error
 *     {@code 1.04/sqrt(2^p)}
 * @param top most frequent values, most frequent first (ties by value)
 * @param topCountErrorBound how far below its true count each {@code top} count may be; 0 when exact
 * @param averageLength mean length in Unicode code points, null when there are no values
 * @param empty values that are the empty string
 */
public record StringStatistics(
    long distinct,
    boolean distinctExact,
    double distinctRelativeError,
    List<ValueCount> top,
    long topCountErrorBound,
    Double averageLength,
    long empty)
    implements Serializable {
  public StringStatistics {
    top = List.copyOf(top);
  }

  /** A value and how often it occurs. */
  public record ValueCount(String value, long count) implements Serializable {}
}
