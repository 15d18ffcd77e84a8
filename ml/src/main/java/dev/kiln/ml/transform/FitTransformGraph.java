package dev.kiln.ml.transform;

import dev.kiln.core.transforms.AllElements;
import dev.kiln.core.transforms.CombineInBundles;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Fits a {@link TransformGraph} on rows (the training split): one global combine of one composite
 * accumulator, folded per bundle ({@link CombineInBundles}: no row goes through a runner's combine), then
 * the fit itself. The output holds exactly one graph; the job fails with a
 * message naming the split when it has no rows (or a feature has no values to fit on). This is what the
 * {@code preprocess} step applies to its {@code fitOn} split.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PreprocessConfig config = new PreprocessConfig("train", List.of("big_tipper"), Map.of(), Map.of(
 *     "fare", new FeatureConfig(new Impute(Impute.MEAN, null), true, null, null, null, null, null)));
 * PCollection<TransformGraph> graph = train.apply(FitTransformGraph.of(config));
 * PCollectionView<TransformGraph> graphView = graph.apply(View.asSingleton());
 * PCollection<Row> features = train.apply(ApplyTransformGraph.of(graphView, config));
 * }</pre>
 *
 * <p>The config is checked against the input's schema when the transform is applied; a mistake throws
 * {@link PreprocessPlan.ConfigError} naming the setting (e.g. {@code with.features.fare}).
 */
public final class FitTransformGraph extends PTransform<PCollection<Row>, PCollection<TransformGraph>> {
  private final PreprocessConfig config;
  private final PreprocessPlan plan;

  private FitTransformGraph(PreprocessConfig config, PreprocessPlan plan) {
    this.config = config;
    this.plan = plan;
  }

  /** Fits the features of {@code config}; checked against the input rows' schema when applied. */
  public static FitTransformGraph of(PreprocessConfig config) {
    return new FitTransformGraph(Objects.requireNonNull(config, "config"), null);
  }

  /** Fits a plan already checked against the input schema. */
  public static FitTransformGraph of(PreprocessPlan plan) {
    return new FitTransformGraph(null, Objects.requireNonNull(plan, "plan"));
  }

  @Override
  public PCollection<TransformGraph> expand(PCollection<Row> rows) {
    PreprocessPlan plan = this.plan != null ? this.plan : PreprocessPlan.of(config, rows.getSchema());
    // withoutDefaults: Combine's default for empty input is made while the pipeline is built, where the
    // fit must not run; instead the fit below sees no accumulator and fails with a clear message.
    // The accumulators reach the fit as its main input once they are all there (AllElements), not as a
    // side input of a ParDo started by a Create, which the DirectRunner would poll until they are.
    return rows
        .apply("analyze", CombineInBundles.globally(new AnalyzeFn(plan)).withoutDefaults())
        .apply("analysis", AllElements.of())
        .apply("fit", ParDo.of(new FitFn(plan)))
        .setCoder(TransformGraphCoder.of());
  }

  private static final class FitFn extends DoFn<List<AnalysisAccumulator>, TransformGraph> {
    private final PreprocessPlan plan;

    FitFn(PreprocessPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element List<AnalysisAccumulator> analysis, OutputReceiver<TransformGraph> out) {
      AnalysisAccumulator merged = AnalysisAccumulator.empty(plan.features());
      for (AnalysisAccumulator a : analysis) {
        merged.merge(a);
      }
      out.output(Fitter.fit(plan, merged));
    }
  }
}
