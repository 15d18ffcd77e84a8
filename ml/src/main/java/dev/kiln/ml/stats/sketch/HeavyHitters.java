package dev.kiln.ml.stats.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Frequent values with counts: a Misra–Gries summary with a tracked error, mergeable.
 *
 * <p>Every value gets a counter. When more than {@code capacity} counters exist, the
 * {@code (capacity/2 + 1)}-th largest count {@code d} is subtracted from every counter and those
 * reaching zero are dropped; {@code d} is added to {@link #countErrorBound()}. A value's reported
 * count is therefore a lower bound of its true count, and at most {@code countErrorBound()} below
 * it; a value missing from the summary occurred at most {@code countErrorBound()} times. Each
 * reduction removes at least {@code (capacity/2 + 1) * d} from the total, so the bound never exceeds
 * {@code n / (capacity/2 + 1)}. Merging adds counters and bounds, then reduces the same way (the
 * mergeable-summaries argument of Agarwal et al.).
 *
 * <p>Until the first reduction, i.e. for up to {@code capacity} distinct values, every count is
 * exact and {@link #isExact()} holds; the number of counters is then the exact distinct count.
 */
public final class HeavyHitters {
  private final int capacity;
  private final HashMap<String, long[]> counters = new HashMap<>();
  private long errorBound;

  public HeavyHitters(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("heavy-hitter capacity must be at least 2, got " + capacity);
    }
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  public void add(String value) {
    long[] c = counters.get(value);
    if (c != null) {
      c[0]++;
      return;
    }
    counters.put(value, new long[] {1});
    if (counters.size() > capacity) {
      reduce();
    }
  }

  public void merge(HeavyHitters other) {
    if (other.capacity != capacity) {
      throw new IllegalArgumentException(
          "cannot merge heavy-hitter summaries of capacity " + capacity + " and " + other.capacity);
    }
    for (Map.Entry<String, long[]> e : other.counters.entrySet()) {
      long[] c = counters.get(e.getKey());
      if (c == null) {
        counters.put(e.getKey(), new long[] {e.getValue()[0]});
      } else {
        c[0] += e.getValue()[0];
      }
    }
    errorBound += other.errorBound;
    if (counters.size() > capacity) {
      reduce();
    }
  }

  private void reduce() {
    long[] counts = new long[counters.size()];
    int i = 0;
    for (long[] c : counters.values()) {
      counts[i++] = c[0];
    }
    Arrays.sort(counts);
    long d = counts[counts.length - 1 - capacity / 2];
    for (Iterator<long[]> it = counters.values().iterator(); it.hasNext(); ) {
      long[] c = it.next();
      c[0] -= d;
      if (c[0] <= 0) {
        it.remove();
      }
    }
    errorBound += d;
  }

  /** How far below the true count any reported count may be; 0 when counts are exact. */
  public long countErrorBound() {
    return errorBound;
  }

  /** True while no counter was ever reduced: counts and {@link #size()} are exact. */
  public boolean isExact() {
    return errorBound == 0;
  }

  /** Whether {@code value} has a counter. */
  public boolean contains(String value) {
    return counters.containsKey(value);
  }

  /** The values that have a counter (while {@link #isExact()}: every value seen). */
  public java.util.Set<String> values() {
    return java.util.Collections.unmodifiableSet(counters.keySet());
  }

  /** The number of values with a counter. */
  public int size() {
    return counters.size();
  }

  /** A value with its (lower-bound) count. */
  public record Entry(String value, long count) {}

  /** The {@code k} values with the largest counts, largest first, ties by value (so the order is stable). */
  public List<Entry> top(int k) {
    List<Entry> all = new ArrayList<>(counters.size());
    counters.forEach((v, c) -> all.add(new Entry(v, c[0])));
    all.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::value));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  public void encode(DataOutput out) throws IOException {
    out.writeInt(capacity);
    out.writeLong(errorBound);
    out.writeInt(counters.size());
    for (Map.Entry<String, long[]> e : counters.entrySet()) {
      byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
      out.writeLong(e.getValue()[0]);
    }
  }

  public static HeavyHitters decode(DataInput in) throws IOException {
    HeavyHitters h = new HeavyHitters(in.readInt());
    h.errorBound = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      h.counters.put(new String(bytes, StandardCharsets.UTF_8), new long[] {in.readLong()});
    }
    return h;
  }
}
