package dev.kiln.ml.stats.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A mergeable quantile sketch over doubles with a <em>deterministic, tracked</em> rank error.
 *
 * <p>Items live in levels; an item at level {@code h} stands for {@code 2^h} input values. When a
 * level holds more than {@code k} items it is sorted and compacted: its items are taken in adjacent
 * pairs and one of each pair (alternately the first or the second, level by level) moves up a level
 * with double weight; an odd item left over stays. For any threshold {@code x}, one compaction at level
 * {@code h} changes the estimated number of values {@code <= x} (or {@code < x}) by at most
 * {@code 2^h}. The sketch adds up exactly these amounts, so {@link #rankErrorBound()} is a proven
 * bound, not a probabilistic one, and merging adds the bounds of the parts.
 *
 * <p>A priori: each compaction at level {@code h} consumes at least {@code k} items (k is even) that together
 * stand for {@code k * 2^h} distinct inputs, so there are at most {@code n / (k 2^h)} of them, each
 * costing {@code 2^h}; levels go up to {@code log2(n/k)}. Hence
 * {@code rankErrorBound() <= (n/k) * (floor(log2(n/k)) + 1)} (see {@link #aPrioriBound(long, int)}),
 * whatever the order of inputs and merges. With {@code n <= k} nothing is compacted and answers are
 * exact. Space: at most {@code k} items per level between updates.
 *
 * <p>Not thread-safe. NaN must not be added (callers count it apart).
 */
public final class QuantileSketch {
  private final int k;
  private double[][] levels;
  private int[] sizes;
  /** Compactions per level so far; its parity chooses which item of each pair moves up. */
  private long[] compactions;
  private long count;
  private long errorBound;
  /** Scratch space to sort a level, one per thread (not per sketch: a fit holds many sketches). */
  private static final ThreadLocal<DoubleRadixSort> SORTER = ThreadLocal.withInitial(DoubleRadixSort::new);

  /**
   * An empty sketch compacting levels of more than {@code k} items; {@code k} must be even (so
   * that a compaction always consumes at least {@code k} items, which the bound relies on) and at
   * least 2.
   */
  public QuantileSketch(int k) {
    if (k < 2 || k % 2 != 0) {
      throw new IllegalArgumentException("quantile sketch size k must be an even number >= 2, got " + k);
    }
    this.k = k;
    this.levels = new double[1][];
    this.levels[0] = new double[Math.min(k, 16)];
    this.sizes = new int[1];
    this.compactions = new long[1];
  }

  /** The worst-case absolute rank error for {@code n} values with level size {@code k}. */
  public static long aPrioriBound(long n, int k) {
    if (n <= k) {
      return 0;
    }
    long perLevel = n / k;
    int levels = 63 - Long.numberOfLeadingZeros(n / k) + 1;
    return perLevel * levels;
  }

  public int k() {
    return k;
  }

  /** The number of values added (including those of merged sketches). */
  public long count() {
    return count;
  }

  /**
   * The largest possible difference, for any {@code x}, between the estimated and the true number of
   * values {@code <= x} (or {@code < x}). 0 means every answer is exact.
   */
  public long rankErrorBound() {
    return errorBound;
  }

  public void add(double value) {
    push(0, value);
    count++;
    if (sizes[0] > k) {
      compactFrom(0);
    }
  }

  /** Adds every value of {@code other} to this sketch; {@code other} is not changed. */
  public void merge(QuantileSketch other) {
    if (other.k != k) {
      throw new IllegalArgumentException("cannot merge quantile sketches of sizes " + k + " and " + other.k);
    }
    for (int h = 0; h < other.levels.length; h++) {
      ensureLevel(h);
      for (int i = 0; i < other.sizes[h]; i++) {
        push(h, other.levels[h][i]);
      }
      compactions[h] += other.compactions[h];
    }
    count += other.count;
    errorBound += other.errorBound;
    compactFrom(0);
  }

  private void ensureLevel(int h) {
    if (h >= levels.length) {
      levels = Arrays.copyOf(levels, h + 1);
      levels[h] = new double[16];
      sizes = Arrays.copyOf(sizes, h + 1);
      compactions = Arrays.copyOf(compactions, h + 1);
    }
  }

  private void push(int h, double value) {
    double[] level = levels[h];
    if (sizes[h] == level.length) {
      level = Arrays.copyOf(level, Math.max(16, level.length * 2));
      levels[h] = level;
    }
    level[sizes[h]++] = value;
  }

  /** Compacts every level from {@code h} up that holds more than {@code k} items. */
  private void compactFrom(int h) {
    for (int level = h; level < levels.length; level++) {
      if (sizes[level] > k) {
        compact(level);
      }
    }
  }

  private void compact(int h) {
    ensureLevel(h + 1);
    double[] items = levels[h];
    int size = sizes[h];
    SORTER.get().sort(items, size); // the order of Arrays.sort, faster (DoubleRadixSort says why)
    int pairs = size / 2;
    int offset = (int) (compactions[h] & 1);
    for (int p = 0; p < pairs; p++) {
      push(h + 1, items[2 * p + offset]);
    }
    if ((size & 1) == 1) {
      items[0] = items[size - 1]; // the largest item has no partner and stays
      sizes[h] = 1;
    } else {
      sizes[h] = 0;
    }
    compactions[h]++;
    errorBound += 1L << h;
  }

  /** The items with their weights, sorted by value; weights add up to {@link #count()}. */
  private Weighted sorted() {
    int total = 0;
    for (int s : sizes) {
      total += s;
    }
    double[] values = new double[total];
    long[] weights = new long[total];
    int at = 0;
    for (int h = 0; h < levels.length; h++) {
      System.arraycopy(levels[h], 0, values, at, sizes[h]);
      Arrays.fill(weights, at, at + sizes[h], 1L << h);
      at += sizes[h];
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] v = new double[total];
    long[] cumulative = new long[total];
    long sum = 0;
    for (int i = 0; i < total; i++) {
      v[i] = values[order[i]];
      sum += weights[order[i]];
      cumulative[i] = sum;
    }
    return new Weighted(v, cumulative);
  }

  /** A snapshot to answer many queries without re-sorting. */
  public Queries queries() {
    return new Queries(sorted(), count);
  }

  /** Sorted values and, for each, the estimated number of values up to and including it. */
  private record Weighted(double[] values, long[] cumulative) {}

  /** Quantile and rank queries over a snapshot of the sketch. */
  public static final class Queries {
    private final Weighted w;
    private final long count;

    private Queries(Weighted w, long count) {
      this.w = w;
      this.count = count;
    }

    /**
     * A value whose true rank is within {@link #rankErrorBound()} of {@code fraction * count}: the
     * number of values below it is at most {@code fraction*n + E} and the number up to and including
     * it at least {@code fraction*n - E}. Exact (the lower quantile) when the bound is 0.
     *
     * @throws IllegalStateException when the sketch is empty
     */
    public double quantile(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("quantile fraction must be in [0, 1], got " + fraction);
      }
      if (count == 0) {
        throw new IllegalStateException("no quantiles of an empty sketch");
      }
      double target = fraction * count;
      long[] cum = w.cumulative;
      int lo = 0;
      int hi = cum.length - 1;
      while (lo < hi) { // the first index whose cumulative weight reaches the target
        int mid = (lo + hi) >>> 1;
        if (cum[mid] >= target) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return w.values[lo];
    }

    /** The estimated number of values strictly below {@code x}. */
    public long countBelow(double x) {
      double[] v = w.values;
      int lo = 0;
      int hi = v.length;
      while (lo < hi) { // the first index with a value >= x
        int mid = (lo + hi) >>> 1;
        if (v[mid] < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo == 0 ? 0 : w.cumulative[lo - 1];
    }
  }

  /** Writes the sketch; {@link #decode} reads it back. */
  public void encode(DataOutput out) throws IOException {
    out.writeInt(k);
    out.writeLong(count);
    out.writeLong(errorBound);
    out.writeInt(levels.length);
    for (int h = 0; h < levels.length; h++) {
      out.writeLong(compactions[h]);
      out.writeInt(sizes[h]);
      for (int i = 0; i < sizes[h]; i++) {
        out.writeDouble(levels[h][i]);
      }
    }
  }

  public static QuantileSketch decode(DataInput in) throws IOException {
    QuantileSketch s = new QuantileSketch(in.readInt());
    s.count = in.readLong();
    s.errorBound = in.readLong();
    int n = in.readInt();
    s.ensureLevel(n - 1);
    for (int h = 0; h < n; h++) {
      s.compactions[h] = in.readLong();
      int size = in.readInt();
      s.levels[h] = new double[Math.max(16, size)];
      for (int i = 0; i < size; i++) {
        s.levels[h][i] = in.readDouble();
      }
      s.sizes[h] = size;
    }
    return s;
  }
}
