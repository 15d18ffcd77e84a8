package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.ml.push.ModelDestination;
import dev.kiln.ml.push.PushedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code evaluate}: scores the raw eval rows with the model ({@link ScorerFactory}) and computes metrics
 * overall and per slice in Beam (both in {@link EvaluateModel}), and judges them against thresholds and the
 * baseline ({@link BlessingDocument}). Inputs {@code examples} (an unsplit Dataset of raw rows) and
 * {@code model} (Model); outputs {@code metrics} (Metrics) and {@code blessing} (Blessing).
 *
 * <p>The baseline is the last blessed model: the newest version that a {@code push} step wrote to
 * {@code baseline.path}. It is scored on the same rows in the same job. Its model files are optional
 * external inputs, so a new push reruns the evaluation; before the first push there is no baseline
 * and improvement checks pass with a note.
 */
public final class EvaluateStep extends Step {
  /**
   * @param label the label column of the raw rows; null: the model's own label
   * @param slices raw columns to slice the metrics by
   * @param threshold binary decision threshold for accuracy, precision and recall (default 0.5)
   * @param minSliceSize slices with fewer labeled examples report their count only (default 0)
   * @param thresholds bounds on overall metrics that decide the blessing
   * @param baseline where the last blessed model was pushed; null compares with no baseline
   */
  public record Config(
      @JsonProperty("label") String label,
      @JsonProperty("slices") List<String> slices,
      @JsonProperty("threshold") Double threshold,
      @JsonProperty("minSliceSize") Long minSliceSize,
      @JsonProperty("thresholds") Map<String, Threshold> thresholds,
      @JsonProperty("baseline") Baseline baseline) {

    public Config {
      slices = slices == null ? List.of() : List.copyOf(slices);
      if (slices.stream().distinct().count() != slices.size()) {
        throw new IllegalArgumentException("key 'slices': a column is listed twice: " + slices);
      }
      threshold = threshold == null ? 0.5 : threshold;
      minSliceSize = minSliceSize == null ? 0L : minSliceSize;
      new MetricsOptions(threshold, MetricsOptions.DEFAULT_AUC_BUCKETS, MetricsOptions.DEFAULT_CALIBRATION_BINS, minSliceSize);
      thresholds = thresholds == null ? new TreeMap<>() : new TreeMap<>(thresholds);
      for (Map.Entry<String, Threshold> e : thresholds.entrySet()) {
        if (!MetricCatalog.known(e.getKey())) {
          throw new IllegalArgumentException("key 'thresholds." + e.getKey() + "': " + unknown(e.getKey()));
        }
        Threshold t = e.getValue();
        if (t == null || (t.min() == null && t.max() == null && t.minImprovement() == null)) {
          throw new IllegalArgumentException("key 'thresholds." + e.getKey() + "': give min, max or minImprovement");
        }
        if (t.minImprovement() != null) {
          if (MetricCatalog.direction(e.getKey()) == MetricCatalog.Direction.NONE) {
            throw new IllegalArgumentException("key 'thresholds." + e.getKey() + ".minImprovement': "
                + e.getKey() + " has no better direction; give min or max");
          }
          if (baseline == null) {
            throw new IllegalArgumentException("key 'thresholds." + e.getKey() + ".minImprovement': "
                + "needs a baseline to improve on; add baseline: { path: <push destination> }");
          }
        }
      }
    }

    private static String unknown(String metric) {
      try {
        MetricCatalog.direction(metric);
        return "";
      } catch (IllegalArgumentException ex) {
        return ex.getMessage();
      }
    }
  }

  /** @param path the destination a {@code push} step writes to; its newest version is the baseline */
  public record Baseline(@JsonProperty("path") String path) {
    public Baseline {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("key 'baseline.path': missing; the push destination of blessed models, e.g. models/taxi");
      }
    }
  }

  private final Config config;
  private final ScorerFactory scorers;

  public EvaluateStep(Config config, ScorerFactory scorers) {
    this.config = config;
    this.scorers = scorers;
  }

  @Override
  public String type() {
    return "evaluate";
  }

  /** True: its rows wait for the model. */
  @Override
  public boolean rowsWaitForWholeInput() {
    return true;
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input("examples").input("model", ArtifactKind.MODEL)
        .output("metrics", ArtifactKind.METRICS).output("blessing", ArtifactKind.BLESSING);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    List<String> splits = inputSplits.get("examples");
    if (!splits.equals(List.of(DatasetRows.UNSPLIT))) {
      throw new IllegalArgumentException("input 'examples' has splits " + splits + "; evaluate one, e.g. examples: label.examples.eval");
    }
    return Map.of("metrics", List.of(""), "blessing", List.of(""));
  }

  @Override
  public List<String> optionalExternalInputs() {
    return config.baseline() == null ? List.of() : List.of(ModelDestination.modelPattern(config.baseline().path()));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows examples = dataset(inputs, "examples");
    List<String> columns = examples.schema().getFieldNames();
    List<String> wanted = new ArrayList<>(config.slices());
    if (config.label() != null) {
      wanted.add(config.label());
    }
    for (String c : wanted) {
      if (!columns.contains(c)) {
        String key = c.equals(config.label()) ? "with.label" : "with.slices";
        throw SpecException.at(context.source(), context.stepName(), key, "'" + c + "' is not a column of the examples; columns are " + columns);
      }
    }
    if (scorers == ScorerFactory.NOT_WIRED) {
      throw new IllegalStateException("evaluate: no model scorer is wired in yet; EvaluateStepType needs a ScorerFactory");
    }
    PCollection<Row> rows = examples.rows();
    PCollectionView<String> model = document(inputs, "model").asView(context.name("model"));
    PCollection<String> metrics = rows
        .apply(context.name("metrics"), evaluate(model, config.slices()))
        .apply(context.name("metrics json"), MapElements.into(TypeDescriptors.strings()).via(EvaluationMetrics::toJson));

    BaselineRef baselineRef = null;
    PCollectionView<String> baselineMetrics = null;
    if (config.baseline() != null) {
      ModelDestination destination = ModelDestination.at(context.resolve(config.baseline().path()));
      Optional<PushedModel> newest = destination.newest();
      if (newest.isPresent()) {
        String json = destination.read(newest.get());
        baselineRef = new BaselineRef(config.baseline().path(), newest.get().version(), CanonicalJson.sha256(json));
        PCollectionView<String> baselineModel = context.pipeline()
            .apply(context.name("baseline model"), Create.of(json).withCoder(StringUtf8Coder.of()))
            .apply(context.name("baseline model view"), org.apache.beam.sdk.transforms.View.asSingleton());
        baselineMetrics = rows
            .apply(context.name("baseline metrics"), evaluate(baselineModel, List.of()))
            .apply(context.name("baseline metrics json"), MapElements.into(TypeDescriptors.strings()).via(EvaluationMetrics::toJson))
            .apply(context.name("baseline metrics view"), org.apache.beam.sdk.transforms.View.asSingleton());
      } else {
        baselineRef = new BaselineRef(config.baseline().path(), null, null);
      }
    }
    ParDo.SingleOutput<String, String> bless = ParDo.of(new BlessFn(config.thresholds(), baselineRef, baselineMetrics));
    PCollection<String> blessing = metrics
        .apply(context.name("bless"), baselineMetrics == null ? bless : bless.withSideInputs(baselineMetrics))
        .setCoder(StringUtf8Coder.of());
    return Map.of(
        "metrics", Document.of(ArtifactKind.METRICS, metrics),
        "blessing", Document.of(ArtifactKind.BLESSING, blessing));
  }

  /** The evaluation of one model (the candidate with the slices, the baseline without) on the raw rows. */
  private EvaluateModel evaluate(PCollectionView<String> model, List<String> slices) {
    return EvaluateModel.ofJson(model, scorers).withLabel(config.label()).withSlices(slices)
        .withThreshold(config.threshold()).withMinSliceSize(config.minSliceSize());
  }

  /** Judges the Metrics document (the one element) into the Blessing document. */
  static final class BlessFn extends DoFn<String, String> {
    private final TreeMap<String, Threshold> thresholds;
    private final BaselineRef baseline;
    private final PCollectionView<String> baselineMetrics;

    BlessFn(Map<String, Threshold> thresholds, BaselineRef baseline, PCollectionView<String> baselineMetrics) {
      this.thresholds = new TreeMap<>(thresholds);
      this.baseline = baseline;
      this.baselineMetrics = baselineMetrics;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String base = baselineMetrics == null ? null : c.sideInput(baselineMetrics);
      c.output(BlessingDocument.judge(c.element(), thresholds, baseline, base));
    }
  }
}
