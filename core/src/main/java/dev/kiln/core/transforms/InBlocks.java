package dev.kiln.core.transforms;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * A bounded, globally windowed {@code PCollection} as lists of up to {@code size} consecutive
 * elements, made within each bundle (no shuffle, order kept): the input of a DoFn that reads a side
 * input which is ready only late, such as rows waiting for a fitted graph or a trained model.
 *
 * <p>Why: on the DirectRunner, a ParDo whose main input arrives before its side input is ready has
 * its bundles pushed back and run again each time other work makes progress, and every run costs the
 * runner per element (a side-input readiness check, a metrics snapshot, a copy into the next
 * pushed-back bundle). In the flights pipeline those retries and that bookkeeping were most of the
 * DirectRunner's CPU (docs/benchmarks.md). In lists of 1,024, the same retries cost a thousandth. On
 * Flink, where such a ParDo is never chained to its producer, one list crosses the network edge in
 * place of 1,024 records.
 *
 * <p>Example of use: apply a fitted graph to rows, one list at a time.
 *
 * <pre>{@code
 * rows.apply("Blocks", InBlocks.of(InBlocks.DEFAULT_SIZE))
 *     .apply("Apply", ParDo.of(new ApplyToListFn(graphView)).withSideInputs(graphView));
 * }</pre>
 */
public final class InBlocks<T> extends PTransform<PCollection<T>, PCollection<List<T>>> {
  /** Elements per list by default: enough that per-list costs vanish, small enough to hold per worker. */
  public static final int DEFAULT_SIZE = 1024;

  private final int size;

  private InBlocks(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a block holds at least one element, not " + size);
    }
    this.size = size;
  }

  /** Lists of at most {@code size} elements. */
  public static <T> InBlocks<T> of(int size) {
    return new InBlocks<>(size);
  }

  @Override
  public PCollection<List<T>> expand(PCollection<T> input) {
    return input.apply("in blocks", ParDo.of(new BlockFn<T>(size))).setCoder(ListCoder.of(input.getCoder()));
  }

  private static final class BlockFn<T> extends DoFn<T, List<T>> {
    private final int size;
    private transient List<T> block;
    /** The block's timestamp: its latest element's (a DoFn may not output earlier than its input). */
    private transient Instant latest;

    BlockFn(int size) {
      this.size = size;
    }

    @StartBundle
    public void start() {
      block = null;
    }

    @ProcessElement
    public void process(@Element T element, @Timestamp Instant timestamp, BoundedWindow window, OutputReceiver<List<T>> out) {
      if (!(window instanceof GlobalWindow)) {
        throw new IllegalStateException("InBlocks is for globally windowed collections, got an element in " + window);
      }
      if (block == null) {
        block = new ArrayList<>(size);
        latest = timestamp;
      }
      block.add(element);
      if (timestamp.isAfter(latest)) {
        latest = timestamp;
      }
      if (block.size() == size) {
        out.outputWithTimestamp(block, latest);
        block = null;
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      if (block != null) {
        c.output(block, latest, GlobalWindow.INSTANCE);
        block = null;
      }
    }
  }
}
