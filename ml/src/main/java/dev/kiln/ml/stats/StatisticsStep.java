package dev.kiln.ml.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;

/**
 * {@code statistics}: the {@link Statistics} of every split of the input dataset, as one Statistics
 * document ({@link StatisticsDocument}). Each split is summarized by {@link DatasetStatistics} in one
 * pass with mergeable combiners; the per-split results are gathered into the document, written as
 * canonical JSON so the same data gives the same bytes.
 *
 * <p>When the input is a committed Avro dataset (read in a later stage) the step reads its files
 * itself and folds the records into per-bundle accumulators ({@link AvroFileStatistics}) instead of
 * making every record a pipeline element; the figures are those of the Row path (byte-identical
 * when the files form the same parts; in general as two bundlings of the Row path agree).
 *
 * <pre>{@code
 * stats: { uses: statistics, in: { examples: label.examples }, with: { topK: 50 } }
 * }</pre>
 */
public final class StatisticsStep extends Step {
  /** The step type name. */
  public static final String TYPE = "statistics";

  /**
   * The {@link StatisticsOptions} knobs; each defaults to {@link StatisticsOptions#defaults()}.
   *
   * @param quantileSketchK items per level of the quantile sketch (even, >= 2)
   * @param quantiles number of equal-rank quantile steps reported
   * @param histogramBuckets equal-width histogram buckets of a numeric feature
   * @param hllPrecision HyperLogLog precision p
   * @param topK most frequent string values reported
   * @param heavyHitterCapacity counters of the top-values summary (exact up to this many distinct values)
   */
  public record Config(
      @JsonProperty("quantileSketchK") Integer quantileSketchK,
      @JsonProperty("quantiles") Integer quantiles,
      @JsonProperty("histogramBuckets") Integer histogramBuckets,
      @JsonProperty("hllPrecision") Integer hllPrecision,
      @JsonProperty("topK") Integer topK,
      @JsonProperty("heavyHitterCapacity") Integer heavyHitterCapacity) {
    public Config {
      StatisticsOptions d = StatisticsOptions.defaults();
      quantileSketchK = quantileSketchK == null ? d.quantileSketchK() : quantileSketchK;
      quantiles = quantiles == null ? d.quantiles() : quantiles;
      histogramBuckets = histogramBuckets == null ? d.histogramBuckets() : histogramBuckets;
      hllPrecision = hllPrecision == null ? d.hllPrecision() : hllPrecision;
      topK = topK == null ? d.topK() : topK;
      heavyHitterCapacity = heavyHitterCapacity == null ? d.heavyHitterCapacity() : heavyHitterCapacity;
      // Checks the values; its message names the knob, and the resolver adds the step and "with".
      new StatisticsOptions(quantileSketchK, quantiles, histogramBuckets, hllPrecision, topK, heavyHitterCapacity);
    }

    /** All defaults. */
    public static Config defaults() {
      return new Config(null, null, null, null, null, null);
    }

    /** The options these settings describe. */
    public StatisticsOptions toOptions() {
      return new StatisticsOptions(quantileSketchK, quantiles, histogramBuckets, hllPrecision, topK, heavyHitterCapacity);
    }
  }

  private final StatisticsOptions options;

  public StatisticsStep(Config config) {
    this.options = config.toOptions();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input("examples").output("statistics", ArtifactKind.STATISTICS);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("statistics", List.of(DatasetRows.UNSPLIT));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows examples = dataset(inputs, "examples");
    List<PCollection<KV<String, Statistics>>> parts = new ArrayList<>();
    KvCoder<String, Statistics> coder = KvCoder.of(StringUtf8Coder.of(), StatisticsCoder.of());
    // A committed Avro dataset not yet read into this pipeline is folded straight from its files
    // (no per-record pipeline elements); rows made in this stage go through DatasetStatistics.
    Optional<DatasetRows.StoredFiles> stored = examples.isRead()
        ? Optional.empty()
        : examples.storedFiles().filter(f -> f.format().equals("avro"));
    for (String split : examples.splitNames()) {
      String label = split.isEmpty() ? "all" : split;
      PCollection<Statistics> statistics = stored.isPresent()
          ? context.pipeline().apply(context.name("statistics-" + label),
              AvroFileStatistics.of(stored.get().files().get(split), examples.schema(), options))
          : examples.split(split).apply(context.name("statistics-" + label), DatasetStatistics.of().withOptions(options));
      parts.add(statistics
          .apply(context.name("key-" + label), ParDo.of(new KeyBySplit(split)))
          .setCoder(coder));
    }
    PCollection<String> json = PCollectionList.of(parts)
        .apply(context.name("splits"), Flatten.pCollections())
        .apply(context.name("document"), Combine.globally(new AssembleDocument()).withoutDefaults())
        .setCoder(StringUtf8Coder.of());
    return Map.of("statistics", Document.of(ArtifactKind.STATISTICS, json));
  }

  /** Tags a split's statistics with the split name. */
  private static final class KeyBySplit extends DoFn<Statistics, KV<String, Statistics>> {
    private final String split;

    KeyBySplit(String split) {
      this.split = split;
    }

    @ProcessElement
    public void process(@Element Statistics statistics, OutputReceiver<KV<String, Statistics>> out) {
      out.output(KV.of(split, statistics));
    }
  }

  /** Gathers one Statistics per split into the document's canonical JSON. */
  static final class AssembleDocument extends Combine.CombineFn<KV<String, Statistics>, Map<String, Statistics>, String> {
    @Override
    public Map<String, Statistics> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<String, Statistics> addInput(Map<String, Statistics> acc, KV<String, Statistics> part) {
      if (acc.put(part.getKey(), part.getValue()) != null) {
        throw new IllegalStateException("two statistics for split '" + part.getKey() + "'");
      }
      return acc;
    }

    @Override
    public Map<String, Statistics> mergeAccumulators(Iterable<Map<String, Statistics>> accumulators) {
      Map<String, Statistics> merged = new HashMap<>();
      for (Map<String, Statistics> acc : accumulators) {
        for (Map.Entry<String, Statistics> e : acc.entrySet()) {
          addInput(merged, KV.of(e.getKey(), e.getValue()));
        }
      }
      return merged;
    }

    @Override
    public String extractOutput(Map<String, Statistics> acc) {
      return StatisticsJson.toJson(StatisticsDocument.of(acc));
    }

    @Override
    public Coder<Map<String, Statistics>> getAccumulatorCoder(CoderRegistry registry, Coder<KV<String, Statistics>> inputCoder) {
      return MapCoder.of(StringUtf8Coder.of(), StatisticsCoder.of());
    }
  }
}
