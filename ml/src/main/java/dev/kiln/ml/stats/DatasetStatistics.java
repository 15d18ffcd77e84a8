package dev.kiln.ml.stats;

import dev.kiln.core.transforms.CombineInBundles;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
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
 * ({@link CombineInBundles}: no row is shuffled or sorted, on any runner, including the DirectRunner,
 * which does not lift combiners itself, and Flink, whose combine would sort every row), and the
 * per-bundle accumulators are merged by a global combine.
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
        .apply("CombineInBundles", CombineInBundles.globally(fn))
        .setCoder(StatisticsCoder.of());
  }
}
