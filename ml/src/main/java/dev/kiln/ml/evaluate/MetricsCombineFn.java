package dev.kiln.ml.evaluate;

import dev.kiln.core.spec.CanonicalJson;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines scored examples into the metrics of one slice, output as canonical JSON
 * ({@link MetricsAccumulator#toJson}). Accumulators merge in any order to the same document.
 */
public final class MetricsCombineFn extends Combine.CombineFn<ScoredExample, MetricsAccumulator, String> {
  private final MetricsOptions options;

  public MetricsCombineFn(MetricsOptions options) {
    this.options = options;
  }

  @Override
  public MetricsAccumulator createAccumulator() {
    return new MetricsAccumulator(options);
  }

  @Override
  public MetricsAccumulator addInput(MetricsAccumulator accumulator, ScoredExample input) {
    return accumulator.add(input);
  }

  @Override
  public MetricsAccumulator mergeAccumulators(Iterable<MetricsAccumulator> accumulators) {
    MetricsAccumulator merged = createAccumulator();
    for (MetricsAccumulator a : accumulators) {
      merged.merge(a);
    }
    return merged;
  }

  @Override
  public String extractOutput(MetricsAccumulator accumulator) {
    return CanonicalJson.of(accumulator.toJson());
  }

  @Override
  public Coder<MetricsAccumulator> getAccumulatorCoder(CoderRegistry registry, Coder<ScoredExample> inputCoder)
      throws CannotProvideCoderException {
    return MetricsAccumulatorCoder.of();
  }
}
