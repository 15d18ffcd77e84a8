package dev.kiln.ml.stats.sketch;

/**
 * Sorts a prefix of a {@code double[]} into exactly the order of {@link java.util.Arrays#sort(double[],
 * int, int)} (-0.0 before 0.0), for values without NaN, by a least-significant-byte radix sort of their
 * bits. Why: sorting the level of a {@link QuantileSketch} before each compaction is most of the cost of
 * numeric statistics per row (about 40 % of a loop over the flights rows), and a comparison sort of a
 * few thousand doubles spends it on mispredicted branches. A radix pass is branch-free, and a byte that
 * all values share (the low bytes of whole numbers, the exponent of values of one magnitude) costs no
 * pass at all. Not thread-safe: an instance holds its scratch arrays (QuantileSketch keeps one per thread).
 */
final class DoubleRadixSort {
  private static final int BYTES = 8;
  private static final int BUCKETS = 256;

  private long[] keys = new long[0];
  private long[] scratch = new long[0];
  private final int[] counts = new int[BYTES * BUCKETS];

  /** Sorts {@code values[0, size)} ascending; {@code values} must hold no NaN. */
  void sort(double[] values, int size) {
    if (size < 2) {
      return;
    }
    if (keys.length < size) {
      keys = new long[values.length];
      scratch = new long[values.length];
    }
    long[] in = keys;
    long[] out = scratch;
    java.util.Arrays.fill(counts, 0);
    for (int i = 0; i < size; i++) {
      long k = toKey(values[i]);
      in[i] = k;
      for (int b = 0; b < BYTES; b++) {
        counts[b * BUCKETS + (int) ((k >>> (8 * b)) & 0xFF)]++;
      }
    }
    for (int b = 0; b < BYTES; b++) {
      int base = b * BUCKETS;
      int shift = 8 * b;
      if (counts[base + (int) ((in[0] >>> shift) & 0xFF)] == size) {
        continue; // every value has this byte: the pass would keep the order as it is
      }
      int offset = 0;
      for (int d = 0; d < BUCKETS; d++) {
        int c = counts[base + d];
        counts[base + d] = offset;
        offset += c;
      }
      for (int i = 0; i < size; i++) {
        long k = in[i];
        out[counts[base + (int) ((k >>> shift) & 0xFF)]++] = k;
      }
      long[] t = in;
      in = out;
      out = t;
    }
    for (int i = 0; i < size; i++) {
      values[i] = fromKey(in[i]);
    }
  }

  /**
   * The bits of {@code x} as a key whose unsigned order is the total order of doubles: a positive
   * value gets its sign bit set, a negative one has every bit inverted (so -0.0 comes before 0.0).
   */
  static long toKey(double x) {
    long bits = Double.doubleToRawLongBits(x);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }

  static double fromKey(long key) {
    return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
  }
}
