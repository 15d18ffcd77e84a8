package dev.kiln.core.transforms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * A {@link Combine} over a bounded, globally windowed {@code PCollection} whose inputs are folded into
 * accumulators inside a {@code DoFn}, one per bundle (one per key and bundle for {@link #perKey}):
 * only the accumulators reach the runner's combine, which merges them. The result is that of
 * {@code Combine.globally(fn)} / {@code Combine.perKey(fn)} for any {@code fn} whose merge does not
 * depend on how the inputs were grouped into accumulators.
 *
 * <p>Why: Beam's Flink batch runner translates a combine into a sort-based pre-combine in front of the
 * shuffle (Flink's {@code SynchronousChainedCombineDriver}): every input element, with its key encoded,
 * is serialized into a sort buffer, sorted, read back and only then added to an accumulator. For a
 * combine over every row of a dataset that is most of its cost (about 14 % of the CPU of the flights
 * pipeline, docs/benchmarks.md); folding in the {@code DoFn} adds each row where it already is.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PCollection<Statistics> stats = rows.apply(CombineInBundles.globally(StatisticsCombineFn.of(schema, options)));
 * PCollection<AnalysisAccumulator> fit = rows.apply(CombineInBundles.globally(new AnalyzeFn(plan)).withoutDefaults());
 * PCollection<KV<String, String>> perSlice = keyed.apply(CombineInBundles.perKey(new MetricsCombineFn(options)));
 * }</pre>
 *
 * <p><b>What a bundle is</b> (Beam 2.70), so how many accumulators there are:
 *
 * <ul>
 *   <li><b>Flink, batch</b> ({@code FlinkDoFnFunction}, a {@code FlatMapFunction}): the bundle starts at
 *       a task's first element and finishes when the task closes, so it is the task's whole partition;
 *       batch has no {@code maxBundleSize}. One accumulator (per key) per parallel task, and nothing for
 *       a task that received no element.
 *   <li><b>DirectRunner</b>: one of its committed bundles, as the transform upstream emitted them: one
 *       per input bundle of a ParDo, at most 100 outputs (or one second) per checkpoint of a splittable
 *       read such as {@code Create} or a file read, one per key after a {@code GroupByKey}. Often
 *       many small bundles; the merge then does more of the work, which is why {@link
 *       Globally#withFanout} exists.
 * </ul>
 *
 * <p>So the inputs an accumulator sees, and the order of the merges, differ between runners and runs:
 * the output is the same bytes only when {@code fn}'s accumulators add and merge exactly (counts, exact
 * sums, sets). Per key, the accumulators of a bundle are held in memory until the bundle ends; with
 * many keys, {@link PerKey#withMaxKeysPerBundle} bounds them.
 *
 * <p>Only for bounded input in the global window with the default trigger (a batch dataset):
 * accumulators are emitted when a bundle ends, which a windowed or triggered combine cannot wait for.
 */
public final class CombineInBundles {
  private CombineInBundles() {}

  /** Combines all inputs into one output, like {@code Combine.globally(fn)}. */
  public static <InputT, AccumT, OutputT> Globally<InputT, AccumT, OutputT> globally(
      Combine.CombineFn<InputT, AccumT, OutputT> fn) {
    return new Globally<>(Objects.requireNonNull(fn, "fn"), 0, true);
  }

  /** Combines the inputs of each key into one output per key, like {@code Combine.perKey(fn)}. */
  public static <K, InputT, AccumT, OutputT> PerKey<K, InputT, AccumT, OutputT> perKey(
      Combine.CombineFn<InputT, AccumT, OutputT> fn) {
    return new PerKey<>(Objects.requireNonNull(fn, "fn"), 0, 0);
  }

  /** The global combine: one accumulator per bundle, merged by {@code Combine.globally}. */
  public static final class Globally<InputT, AccumT, OutputT>
      extends PTransform<PCollection<InputT>, PCollection<OutputT>> {
    private final Combine.CombineFn<InputT, AccumT, OutputT> fn;
    private final int fanout;
    private final boolean insertDefault;

    private Globally(Combine.CombineFn<InputT, AccumT, OutputT> fn, int fanout, boolean insertDefault) {
      this.fn = fn;
      this.fanout = fanout;
      this.insertDefault = insertDefault;
    }

    /**
     * A copy that merges the bundles' accumulators on {@code fanout} intermediate workers first
     * ({@code Combine.Globally#withFanout}): worth it when there are many large accumulators (many
     * bundles, as on the DirectRunner, or many workers). 0 or 1: merged on one worker.
     */
    public Globally<InputT, AccumT, OutputT> withFanout(int fanout) {
      if (fanout < 0) {
        throw new IllegalArgumentException("fanout must be 0 or more, not " + fanout);
      }
      return new Globally<>(fn, fanout, insertDefault);
    }

    /**
     * A copy whose output is empty for an empty input, as {@code Combine.Globally#withoutDefaults};
     * by default it is {@code fn}'s output for no input (computed when the pipeline is built).
     */
    public Globally<InputT, AccumT, OutputT> withoutDefaults() {
      return new Globally<>(fn, fanout, false);
    }

    @Override
    public PCollection<OutputT> expand(PCollection<InputT> input) {
      requireBatch(input);
      CoderRegistry registry = input.getPipeline().getCoderRegistry();
      Coder<InputT> inputCoder = input.getCoder();
      Coder<AccumT> accumulatorCoder = accumulatorCoder(fn, registry, inputCoder, input);
      Combine.Globally<AccumT, OutputT> merge = Combine.globally(new MergeFn<>(fn, inputCoder));
      if (fanout >= 2) {
        merge = merge.withFanout(fanout);
      }
      if (!insertDefault) {
        merge = merge.withoutDefaults();
      }
      return input
          .apply("AddInputs", ParDo.of(new AddToBundleFn<>(fn)))
          .setCoder(accumulatorCoder)
          .apply("MergeAccumulators", merge);
    }
  }

  /**
   * The per-key combine: one accumulator per key and bundle, merged by {@code Combine.perKey}.
   * Each input's key is compared by its coder's structural value, as a shuffle would group it.
   */
  public static final class PerKey<K, InputT, AccumT, OutputT>
      extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
    private final Combine.CombineFn<InputT, AccumT, OutputT> fn;
    private final int hotKeyFanout;
    private final int maxKeysPerBundle;

    private PerKey(Combine.CombineFn<InputT, AccumT, OutputT> fn, int hotKeyFanout, int maxKeysPerBundle) {
      this.fn = fn;
      this.hotKeyFanout = hotKeyFanout;
      this.maxKeysPerBundle = maxKeysPerBundle;
    }

    /**
     * A copy that merges each key's accumulators on {@code fanout} intermediate workers first
     * ({@code Combine.PerKey#withHotKeyFanout}). 0 or 1: one worker per key.
     */
    public PerKey<K, InputT, AccumT, OutputT> withHotKeyFanout(int fanout) {
      if (fanout < 0) {
        throw new IllegalArgumentException("hot key fanout must be 0 or more, not " + fanout);
      }
      return new PerKey<>(fn, fanout, maxKeysPerBundle);
    }

    /**
     * A copy that holds at most {@code keys} accumulators in a bundle: before a new key would exceed
     * it, every accumulator held is emitted and the bundle starts afresh. 0 (the default): no limit,
     * right when the keys are few (slices, classes, splits).
     */
    public PerKey<K, InputT, AccumT, OutputT> withMaxKeysPerBundle(int keys) {
      if (keys < 0) {
        throw new IllegalArgumentException("max keys per bundle must be 0 (no limit) or more, not " + keys);
      }
      return new PerKey<>(fn, hotKeyFanout, keys);
    }

    @Override
    public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
      requireBatch(input);
      if (!(input.getCoder() instanceof KvCoder<K, InputT> kvCoder)) {
        throw new IllegalArgumentException("a per-key combine needs a KvCoder on " + input.getName()
            + ", not " + input.getCoder());
      }
      CoderRegistry registry = input.getPipeline().getCoderRegistry();
      Coder<InputT> valueCoder = kvCoder.getValueCoder();
      Coder<AccumT> accumulatorCoder = accumulatorCoder(fn, registry, valueCoder, input);
      Combine.PerKey<K, AccumT, OutputT> perKey = Combine.perKey(new MergeFn<>(fn, valueCoder));
      PTransform<PCollection<KV<K, AccumT>>, PCollection<KV<K, OutputT>>> merge =
          hotKeyFanout >= 2 ? perKey.withHotKeyFanout(hotKeyFanout) : perKey;
      return input
          .apply("AddInputs", ParDo.of(new AddToKeyedBundleFn<>(fn, kvCoder.getKeyCoder(), maxKeysPerBundle)))
          .setCoder(KvCoder.of(kvCoder.getKeyCoder(), accumulatorCoder))
          .apply("MergeAccumulators", merge);
    }
  }

  private static void requireBatch(PCollection<?> input) {
    WindowingStrategy<?, ?> strategy = input.getWindowingStrategy();
    if (input.isBounded() != PCollection.IsBounded.BOUNDED
        || !(strategy.getWindowFn() instanceof GlobalWindows)
        || !(strategy.getTrigger() instanceof DefaultTrigger)) {
      throw new IllegalArgumentException("a combine in bundles needs a bounded input in the global window with the"
          + " default trigger, but " + input.getName() + " is " + input.isBounded() + " with " + strategy
          + "; use Combine.globally or Combine.perKey there");
    }
  }

  private static <InputT, AccumT> Coder<AccumT> accumulatorCoder(
      Combine.CombineFn<InputT, AccumT, ?> fn, CoderRegistry registry, Coder<InputT> inputCoder, PCollection<?> input) {
    try {
      return fn.getAccumulatorCoder(registry, inputCoder);
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException("no coder for the accumulators of " + fn.getClass().getName() + " on "
          + input.getName() + "; override getAccumulatorCoder", e);
    }
  }

  /** Adds a bundle's inputs to one accumulator, emitted when the bundle ends. */
  private static final class AddToBundleFn<InputT, AccumT> extends DoFn<InputT, AccumT> {
    private final Combine.CombineFn<InputT, AccumT, ?> fn;
    private final Counter accumulators = Metrics.counter(CombineInBundles.class, "accumulators");
    private transient AccumT accumulator;

    AddToBundleFn(Combine.CombineFn<InputT, AccumT, ?> fn) {
      this.fn = fn;
    }

    @StartBundle
    public void startBundle() {
      accumulator = null;
    }

    @ProcessElement
    public void processElement(@Element InputT input) {
      if (accumulator == null) {
        accumulator = fn.createAccumulator();
      }
      accumulator = fn.addInput(accumulator, input);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (accumulator != null) {
        context.output(accumulator, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        accumulators.inc();
        accumulator = null; // emitted: never touched again
      }
    }
  }

  /** Adds a bundle's inputs to one accumulator per key, emitted when the bundle ends (or the map is full). */
  private static final class AddToKeyedBundleFn<K, InputT, AccumT> extends DoFn<KV<K, InputT>, KV<K, AccumT>> {
    private final Combine.CombineFn<InputT, AccumT, ?> fn;
    private final Coder<K> keyCoder;
    private final int maxKeys;
    private final Counter accumulators = Metrics.counter(CombineInBundles.class, "accumulators");
    /** By the key's structural value (equal encodings group together, as in a shuffle). */
    private transient Map<Object, KV<K, AccumT>> byKey;

    AddToKeyedBundleFn(Combine.CombineFn<InputT, AccumT, ?> fn, Coder<K> keyCoder, int maxKeys) {
      this.fn = fn;
      this.keyCoder = keyCoder;
      this.maxKeys = maxKeys;
    }

    @StartBundle
    public void startBundle() {
      byKey = new HashMap<>();
    }

    @ProcessElement
    public void processElement(@Element KV<K, InputT> input, OutputReceiver<KV<K, AccumT>> out) {
      K key = input.getKey();
      Object structural = keyCoder.structuralValue(key);
      KV<K, AccumT> held = byKey.get(structural);
      AccumT accumulator;
      if (held == null) {
        if (maxKeys > 0 && byKey.size() >= maxKeys) {
          for (KV<K, AccumT> kv : byKey.values()) {
            out.outputWithTimestamp(kv, GlobalWindow.INSTANCE.maxTimestamp());
          }
          accumulators.inc(byKey.size());
          byKey = new HashMap<>();
        }
        accumulator = fn.createAccumulator();
      } else {
        accumulator = held.getValue();
      }
      AccumT added = fn.addInput(accumulator, input.getValue());
      if (held == null || added != accumulator) {
        byKey.put(structural, KV.of(key, added));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (KV<K, AccumT> kv : byKey.values()) {
        context.output(kv, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      accumulators.inc(byKey.size());
      byKey = new HashMap<>();
    }
  }

  /** Merges the bundles' accumulators; extracts {@code fn}'s output. */
  private static final class MergeFn<InputT, AccumT, OutputT> extends Combine.CombineFn<AccumT, AccumT, OutputT> {
    private final Combine.CombineFn<InputT, AccumT, OutputT> fn;
    private final Coder<InputT> inputCoder;

    MergeFn(Combine.CombineFn<InputT, AccumT, OutputT> fn, Coder<InputT> inputCoder) {
      this.fn = fn;
      this.inputCoder = inputCoder;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT accumulator, AccumT part) {
      // fn may fold the rest into the first accumulator (Beam's contract): ours comes first, the part is only read.
      return fn.mergeAccumulators(List.of(accumulator, part));
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public AccumT compact(AccumT accumulator) {
      return fn.compact(accumulator);
    }

    @Override
    public OutputT extractOutput(AccumT accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> accumulatorCoder) {
      return accumulatorCoder;
    }

    @Override
    public Coder<OutputT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> accumulatorCoder)
        throws CannotProvideCoderException {
      return fn.getDefaultOutputCoder(registry, inputCoder);
    }
  }
}
