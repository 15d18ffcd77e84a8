package dev.kiln.ml.api;

import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import java.util.Map;

/**
 * The {@code statistics} step: per split, counts, missing values, numeric quantiles and histograms, top
 * values and distinct counts. One {@code with…} method per setting of {@link dev.kiln.ml.stats.StatisticsStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * ComputeStatistics.Outputs stats = taxi.add("stats", ComputeStatistics.of(label.examples()).withTopK(20));
 * }</pre>
 */
public final class ComputeStatistics extends KilnStep<ComputeStatistics, ComputeStatistics.Outputs> {
  /** The {@code statistics} output. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.Statistics> statistics() {
      return port("statistics");
    }
  }

  private ComputeStatistics(State state) {
    super(state);
  }

  /** Statistics of every split of {@code examples}. */
  public static ComputeStatistics of(Port<Kind.Dataset> examples) {
    return new ComputeStatistics(State.of("statistics", Map.of("examples", examples)));
  }

  /** Accuracy of the quantile sketch (its k). */
  public ComputeStatistics withQuantileSketchK(int k) {
    return set("quantileSketchK", k);
  }

  /** How many quantiles are reported per numeric column. */
  public ComputeStatistics withQuantiles(int quantiles) {
    return set("quantiles", quantiles);
  }

  /** Buckets of each numeric histogram. */
  public ComputeStatistics withHistogramBuckets(int buckets) {
    return set("histogramBuckets", buckets);
  }

  /** Precision of the distinct-count sketch (HyperLogLog). */
  public ComputeStatistics withHllPrecision(int precision) {
    return set("hllPrecision", precision);
  }

  /** How many top values are reported per string column. */
  public ComputeStatistics withTopK(int k) {
    return set("topK", k);
  }

  /** Capacity of the heavy-hitter sketch behind the top values. */
  public ComputeStatistics withHeavyHitterCapacity(int capacity) {
    return set("heavyHitterCapacity", capacity);
  }

  @Override
  protected ComputeStatistics with(State next) {
    return new ComputeStatistics(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
