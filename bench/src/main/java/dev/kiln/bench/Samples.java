package dev.kiln.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Repeated measurements of one quantity (milliseconds) and their summary: median, minimum, maximum.
 * The median is what the benchmarks compare; min and max show the spread on a noisy machine.
 */
public final class Samples {
  private final String name;
  private final List<Double> values = new ArrayList<>();

  public Samples(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public Samples add(double value) {
    values.add(value);
    return this;
  }

  public int size() {
    return values.size();
  }

  public List<Double> values() {
    return List.copyOf(values);
  }

  /** The middle value (mean of the two middle ones for an even count). */
  public double median() {
    List<Double> s = sorted();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  public double min() {
    return sorted().get(0);
  }

  public double max() {
    List<Double> s = sorted();
    return s.get(s.size() - 1);
  }

  private List<Double> sorted() {
    if (values.isEmpty()) {
      throw new IllegalStateException("no samples of " + name);
    }
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s;
  }

  /** "median 1234 ms (1200–1300, n=5)". */
  public String summary() {
    return String.format(Locale.ROOT, "median %.0f ms (%.0f–%.0f, n=%d)", median(), min(), max(), size());
  }
}
