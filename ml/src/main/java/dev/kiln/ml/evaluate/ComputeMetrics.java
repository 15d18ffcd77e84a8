package dev.kiln.ml.evaluate;

import dev.kiln.core.transforms.CombineInBundles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Scored examples in, the Metrics document (one JSON string) out. Every example is keyed by
 * {@link SliceKey#OVERALL} and by {@code feature=value} for each slice feature, one per-key combine
 * computes every slice's metrics in parallel (the examples folded into one accumulator per slice and
 * bundle, {@link CombineInBundles}, so only accumulators are shuffled), and a global combine gathers
 * the small per-slice results into the document;
 * that combine also yields the document of an empty input.
 */
public final class ComputeMetrics extends PTransform<PCollection<ScoredExample>, PCollection<String>> {
  private final MetricsOptions options;
  private final List<String> sliceFeatures;

  /** @param sliceFeatures the slice features to key by; empty computes the overall metrics only */
  public ComputeMetrics(MetricsOptions options, List<String> sliceFeatures) {
    this.options = options;
    this.sliceFeatures = List.copyOf(sliceFeatures);
  }

  @Override
  public PCollection<String> expand(PCollection<ScoredExample> scored) {
    return scored
        .apply("KeyBySlice", ParDo.of(new KeyBySlice(sliceFeatures)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ScoredExampleCoder.of()))
        .apply("PerSlice", CombineInBundles.<String, ScoredExample, MetricsAccumulator, String>perKey(new MetricsCombineFn(options)))
        .apply("Document", Combine.globally(new DocumentFn(options, sliceFeatures)))
        .setCoder(StringUtf8Coder.of());
  }

  /** Emits each example under the overall key and its slice keys, without its slice values. */
  static final class KeyBySlice extends DoFn<ScoredExample, KV<String, ScoredExample>> {
    private final List<String> features;

    KeyBySlice(List<String> features) {
      this.features = features;
    }

    @ProcessElement
    public void process(@Element ScoredExample e, OutputReceiver<KV<String, ScoredExample>> out) {
      ScoredExample bare = new ScoredExample(e.task(), e.label(), e.prediction(), Map.of());
      out.output(KV.of(SliceKey.OVERALL, bare));
      for (String f : features) {
        String value = e.slices().get(f);
        if (value == null) {
          throw new IllegalArgumentException("the scorer returned no value of slice feature '" + f + "' (it returned " + e.slices().keySet() + ")");
        }
        out.output(KV.of(SliceKey.of(f, value), bare));
      }
    }
  }

  /** Gathers each slice's metrics JSON into the Metrics document. */
  static final class DocumentFn extends Combine.CombineFn<KV<String, String>, Map<String, String>, String> {
    private final MetricsOptions options;
    private final List<String> features;

    DocumentFn(MetricsOptions options, List<String> features) {
      this.options = options;
      this.features = features;
    }

    @Override
    public Map<String, String> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, String> addInput(Map<String, String> acc, KV<String, String> slice) {
      acc.put(slice.getKey(), slice.getValue());
      return acc;
    }

    @Override
    public Map<String, String> mergeAccumulators(Iterable<Map<String, String>> accs) {
      Map<String, String> merged = new HashMap<>();
      accs.forEach(merged::putAll);
      return merged;
    }

    @Override
    public String extractOutput(Map<String, String> acc) {
      return MetricsDocument.assemble(acc, options, features);
    }

    @Override
    public Coder<Map<String, String>> getAccumulatorCoder(CoderRegistry registry, Coder<KV<String, String>> inputCoder)
        throws CannotProvideCoderException {
      return MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    }
  }
}
