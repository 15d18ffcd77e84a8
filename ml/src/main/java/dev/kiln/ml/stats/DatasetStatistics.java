package dev.kiln.ml.stats;

import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The {@link Statistics} of a bounded {@code PCollection<Row>}, in one pass; what the {@code statistics}
 * step applies to each split of rows made in its job.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PCollection<Statistics> stats = rows.apply(DatasetStatistics.of());
 * PCollection<Statistics> train = trainRows.apply("TrainStatistics", DatasetStatistics.of().withOptions(options));
 * }</pre>
 *
 * <p>The schema is the input's; the output is exactly one element (also for empty input). Apply it
 * once per split for per-split statistics. Each bundle folds its rows into one accumulator
 * (so no row is shuffled, on any runner, including the DirectRunner, which does not lift combiners
 * itself), and the per-bundle accumulators are merged by a global combine.
 */
public final class DatasetStatistics extends PTransform<PCollection<Row>, PCollection<Statistics>> {
  private static final long serialVersionUID = 1L;

  private final StatisticsOptions options;

  private DatasetStatistics(StatisticsOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Statistics with {@link StatisticsOptions#defaults()}. */
  public static DatasetStatistics of() {
    return new DatasetStatistics(StatisticsOptions.defaults());
  }

  public DatasetStatistics withOptions(StatisticsOptions options) {
    return new DatasetStatistics(options);
  }

  public StatisticsOptions options() {
    return options;
  }

  /**
   * @throws IllegalArgumentException when the input has no schema or is not in the global window
   */
  @Override
  public PCollection<Statistics> expand(PCollection<Row> input) {
    if (!input.hasSchema()) {
      throw new IllegalArgumentException("statistics need rows with a schema, but " + input.getName()
          + " has none; set one with setRowSchema(schema)");
    }
    if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException("statistics are computed over a whole bounded dataset, but "
          + input.getName() + " is windowed by " + input.getWindowingStrategy().getWindowFn()
          + "; apply them before windowing");
    }
    Schema schema = input.getSchema();
    StatisticsCombineFn fn = StatisticsCombineFn.of(schema, options);
    return input
        .apply("AccumulateBundles", ParDo.of(new AccumulateBundleFn(fn)))
        .setCoder(StatisticsAccumulatorCoder.of())
        .apply("MergeAccumulators", Combine.globally(new MergeFn(fn)))
        .setCoder(StatisticsCoder.of());
  }

  /** Folds the rows of a bundle into one accumulator, emitted when the bundle ends. */
  private static final class AccumulateBundleFn extends DoFn<Row, StatisticsAccumulator> {
    private static final long serialVersionUID = 1L;

    private final StatisticsCombineFn fn;
    private transient StatisticsAccumulator acc;

    AccumulateBundleFn(StatisticsCombineFn fn) {
      this.fn = fn;
    }

    @StartBundle
    public void startBundle() {
      acc = null;
    }

    @ProcessElement
    public void processElement(@Element Row row) {
      if (acc == null) {
        acc = fn.createAccumulator();
      }
      fn.addInput(acc, row);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (acc != null) {
        context.output(acc, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        acc = null;
      }
    }
  }

  /** Merges accumulators and extracts the statistics. */
  static final class MergeFn extends Combine.CombineFn<StatisticsAccumulator, StatisticsAccumulator, Statistics> {
    private static final long serialVersionUID = 1L;

    private final StatisticsCombineFn fn;

    MergeFn(StatisticsCombineFn fn) {
      this.fn = fn;
    }

    @Override
    public StatisticsAccumulator createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public StatisticsAccumulator addInput(StatisticsAccumulator acc, StatisticsAccumulator part) {
      acc.merge(part);
      return acc;
    }

    @Override
    public StatisticsAccumulator mergeAccumulators(Iterable<StatisticsAccumulator> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public Statistics extractOutput(StatisticsAccumulator acc) {
      return fn.extractOutput(acc);
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<StatisticsAccumulator> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<StatisticsAccumulator> inputCoder) {
      return StatisticsAccumulatorCoder.of();
    }
  }
}
