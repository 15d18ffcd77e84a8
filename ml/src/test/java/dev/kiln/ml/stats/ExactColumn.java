package dev.kiln.ml.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;

/** The exact figures of one column, computed the plain way: all values in memory, sorted, counted. */
final class ExactColumn {
  final long count;
  final long missing;
  /** Numeric columns: the non-NaN values, sorted. */
  final double[] sorted;
  /** String columns: value counts. */
  final Map<String, Long> frequencies = new HashMap<>();
  final long totalLength;

  ExactColumn(List<Row> rows, String field) {
    long c = 0;
    long m = 0;
    long length = 0;
    List<Double> numbers = new ArrayList<>();
    for (Row row : rows) {
      Object v = row.getValue(field);
      if (v == null) {
        m++;
        continue;
      }
      c++;
      if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
        numbers.add(n.doubleValue());
      } else if (v instanceof String s) {
        frequencies.merge(s, 1L, Long::sum);
        length += s.codePointCount(0, s.length());
      }
    }
    count = c;
    missing = m;
    totalLength = length;
    sorted = numbers.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
  }

  double mean() {
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }

  /** Population standard deviation, two-pass. */
  double stdDev() {
    double mean = mean();
    double sum = 0;
    for (double v : sorted) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / sorted.length);
  }

  long zeros() {
    return Arrays.stream(sorted).filter(v -> v == 0).count();
  }

  long countBelow(double x) {
    return Arrays.stream(sorted).filter(v -> v < x).count();
  }

  long countAtMost(double x) {
    return Arrays.stream(sorted).filter(v -> v <= x).count();
  }
}
