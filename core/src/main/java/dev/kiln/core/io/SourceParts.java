package dev.kiln.core.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The parts a source reads (CSV byte ranges, files) as a PCollection, one element per part, for a
 * ParDo that reads each part:
 *
 * <pre>{@code
 * PCollection<CsvRange> parts = input.apply("Ranges", SourceParts.of(ranges, SerializableCoder.of(CsvRange.class)));
 * parts.apply("ParseRows", ParDo.of(new ReadCsvRangeFn(...)));
 * }</pre>
 *
 * <p>By default the parts are created at once and spread over the workers by a reshuffle. With
 * {@link SourcePartOptions#getPartsInWaves()} (set by the direct backend) they are released in
 * waves of a few parts, and each wave only when the job has nothing else left to do. Why: the
 * DirectRunner queues its work first in, first out, makes one bundle of all a DoFn outputs for one
 * input bundle, and keeps every bundle until all its consumers have run. Released at once, every part
 * is read before the first rows reach the next step, so the live heap holds the whole input (1M taxi
 * rows: 0.9 GB; 3M flights: 4.8 GB). In waves, the live heap holds a few parts' rows per step, however
 * large the input.
 *
 * <p>How: the parts become a {@link BoundedSource} whose reader, once the first part of its range is
 * out, gives up the rest when the runner asks for a split. The DirectRunner asks every reader of a
 * bounded source for one split right after it starts, and schedules the remainder (a root bundle)
 * only once the pipeline has quiesced: all the work the earlier parts made possible has run. The
 * runner's initial split sets how many parts a wave has (twice the runner's max(3, target
 * parallelism) slices). The reader waits
 * a bounded time for that split request; a runner that never asks gets all parts of a range at once,
 * as before. Nothing after the parts may group them (a GroupByKey fires only when every wave is
 * done), so the reading ParDo follows the parts directly.
 */
public final class SourceParts<T> extends PTransform<PBegin, PCollection<T>> {
  private static final long serialVersionUID = 1L;

  private final List<T> parts;
  private final Coder<T> coder;

  private SourceParts(List<T> parts, Coder<T> coder) {
    this.parts = List.copyOf(parts);
    this.coder = Objects.requireNonNull(coder, "coder");
  }

  /** The parts, in this order, encoded with {@code coder}. */
  public static <T> SourceParts<T> of(List<T> parts, Coder<T> coder) {
    return new SourceParts<>(parts, coder);
  }

  @Override
  public PCollection<T> expand(PBegin input) {
    boolean waves = input.getPipeline().getOptions().as(SourcePartOptions.class).getPartsInWaves();
    if (waves && parts.size() > 1) {
      return input.apply("InWaves", Read.from(PartsSource.of(parts, coder)));
    }
    PCollection<T> created = input.apply("Create", Create.of(parts).withCoder(coder));
    return parts.size() > 1 ? created.apply("Spread", Reshuffle.viaRandomKey()) : created;
  }

  /** Parts {@code [from, to)} of an encoded list; its size estimate is one unit per part. */
  static final class PartsSource<T> extends BoundedSource<T> {
    private static final long serialVersionUID = 1L;
    /** Bytes reported per part: large enough that the runner's size / parallelism never rounds to 0. */
    static final long PART_WEIGHT = 1L << 20;
    /**
     * Lanes per slice the runner asks for. A wave ends when its last lane's rows are through the job;
     * meanwhile the DirectRunner's idle workers spin. Twice as many lanes as worker threads keep both
     * busy to near the end of a wave.
     */
    static final int LANES_PER_SLICE = 2;

    private final List<byte[]> encoded;
    private final Coder<T> coder;
    private final int from;
    private final int to;

    private PartsSource(List<byte[]> encoded, Coder<T> coder, int from, int to) {
      this.encoded = encoded;
      this.coder = coder;
      this.from = from;
      this.to = to;
    }

    static <T> PartsSource<T> of(List<T> parts, Coder<T> coder) {
      List<byte[]> encoded = new ArrayList<>(parts.size());
      for (T part : parts) {
        try {
          encoded.add(CoderUtils.encodeToByteArray(coder, part));
        } catch (CoderException e) {
          throw new IllegalArgumentException("cannot encode source part " + part + ": " + e.getMessage(), e);
        }
      }
      return new PartsSource<>(encoded, coder, 0, parts.size());
    }

    PartsSource<T> range(int start, int end) {
      return new PartsSource<>(encoded, coder, start, end);
    }

    int size() {
      return to - from;
    }

    /**
     * Contiguous slices, {@link #LANES_PER_SLICE} per {@code desiredBundleSizeBytes}: one per lane of
     * every wave.
     */
    @Override
    public List<? extends BoundedSource<T>> split(long desiredBundleSizeBytes, PipelineOptions options) {
      long perSlice = Math.max(1, desiredBundleSizeBytes / PART_WEIGHT / LANES_PER_SLICE);
      List<PartsSource<T>> slices = new ArrayList<>();
      for (int start = from; start < to; start = (int) Math.min(to, start + perSlice)) {
        slices.add(range(start, (int) Math.min(to, start + perSlice)));
      }
      return slices;
    }

    @Override
    public long getEstimatedSizeBytes(PipelineOptions options) {
      return size() * PART_WEIGHT;
    }

    @Override
    public Coder<T> getOutputCoder() {
      return coder;
    }

    @Override
    public BoundedReader<T> createReader(PipelineOptions options) {
      return new WaveReader<>(this);
    }

    T decode(int index) {
      try {
        return CoderUtils.decodeFromByteArray(coder, encoded.get(index));
      } catch (CoderException e) {
        throw new IllegalStateException("cannot decode source part " + index + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Reads a range of parts; after its first part it waits (a bounded time) for the runner's split
   * request and then gives up every part it has not started. The DirectRunner asks from another
   * thread, hence the lock.
   */
  static final class WaveReader<T> extends BoundedSource.BoundedReader<T> {
    /** How long a reader waits for the runner's split request before reading on without one. */
    static final long SPLIT_WAIT_MILLIS = 2_000;

    private final PartsSource<T> source;
    private final CountDownLatch splitAsked = new CountDownLatch(1);
    private int index;
    private int end;
    private T current;
    private boolean waited;

    WaveReader(PartsSource<T> source) {
      this.source = source;
      this.end = source.to;
      this.index = source.from - 1;
    }

    @Override
    public boolean start() {
      return advanceTo(source.from);
    }

    @Override
    public boolean advance() throws IOException {
      try {
        // Only the first part of a range is read without asking: the rest of the range is the
        // runner's to schedule (a later wave), unless it does not ask in time (then: read on, once).
        if (!waited) {
          waited = true;
          splitAsked.await(SPLIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading source parts", e);
      }
      return advanceTo(index + 1);
    }

    private synchronized boolean advanceTo(int next) {
      if (next >= end) {
        current = null;
        index = end;
        return false;
      }
      index = next;
      current = source.decode(next);
      return true;
    }

    @Override
    public synchronized T getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public synchronized BoundedSource<T> splitAtFraction(double fraction) {
      try {
        int splitAt = Math.max(index + 1, source.from + 1);
        if (splitAt >= end) {
          return null;
        }
        PartsSource<T> rest = source.range(splitAt, end);
        end = splitAt;
        return rest;
      } finally {
        splitAsked.countDown();
      }
    }

    @Override
    public synchronized Double getFractionConsumed() {
      int total = end - source.from;
      return total <= 0 ? 1.0 : Math.max(0, index - source.from) / (double) total;
    }

    @Override
    public synchronized BoundedSource<T> getCurrentSource() {
      return source.range(source.from, end);
    }

    @Override
    public void close() {}
  }
}
