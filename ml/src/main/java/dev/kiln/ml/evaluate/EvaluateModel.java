package dev.kiln.ml.evaluate;

import dev.kiln.core.transforms.InBlocks;
import dev.kiln.ml.DocumentViews;
import dev.kiln.ml.model.ModelDocument;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Evaluates a model on raw labeled rows: every row is scored through the model's own TransformGraph
 * and the model, and the metrics are computed in Beam, overall and per slice (one per-key
 * combine, folded per bundle). The output is one {@link EvaluationMetrics}. This is what the
 * {@code evaluate} step applies (its thresholds, baseline and blessing come after).
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PCollectionView<ModelDocument> model = trainFeatures.apply(TrainModel.logistic("big_tipper")).apply(View.asSingleton());
 * PCollection<EvaluationMetrics> metrics = evalRows.apply(
 *     EvaluateModel.of(model).withSlices("payment_type", "trip_start_hour").withThreshold(0.5));
 * }</pre>
 *
 * <p>The label column is the model's own unless {@link #withLabel} names another. See the package
 * docs for the accuracy of each metric.
 */
public final class EvaluateModel extends PTransform<PCollection<Row>, PCollection<EvaluationMetrics>> {
  private final PCollectionView<ModelDocument> model;
  private final PCollectionView<String> modelJson;
  private final ScorerFactory scorers;
  private final String label;
  private final List<String> slices;
  private final MetricsOptions options;

  private EvaluateModel(PCollectionView<ModelDocument> model, PCollectionView<String> modelJson, ScorerFactory scorers,
      String label, List<String> slices, MetricsOptions options) {
    this.model = model;
    this.modelJson = modelJson;
    this.scorers = scorers;
    this.label = label;
    this.slices = List.copyOf(slices);
    this.options = options;
  }

  /** Evaluates the model of a singleton view, e.g. {@code TrainModel}'s output as {@code View.asSingleton()}. */
  public static EvaluateModel of(PCollectionView<ModelDocument> model) {
    return new EvaluateModel(Objects.requireNonNull(model, "model"), null, new ModelScorerFactory(), null, List.of(),
        MetricsOptions.defaults());
  }

  /** Evaluates the model document of a singleton JSON view, scored by {@code scorers} (the {@code evaluate} step). */
  static EvaluateModel ofJson(PCollectionView<String> modelJson, ScorerFactory scorers) {
    return new EvaluateModel(null, Objects.requireNonNull(modelJson, "modelJson"), scorers, null, List.of(),
        MetricsOptions.defaults());
  }

  /** A copy that reads the label from {@code column} instead of the model's label column. */
  public EvaluateModel withLabel(String column) {
    return new EvaluateModel(model, modelJson, scorers, column, slices, options);
  }

  /** A copy that also reports the metrics of every value of each of these raw columns. */
  public EvaluateModel withSlices(String... columns) {
    return withSlices(Arrays.asList(columns));
  }

  /** As {@link #withSlices(String...)}. */
  public EvaluateModel withSlices(List<String> columns) {
    if (columns.stream().distinct().count() != columns.size()) {
      throw new IllegalArgumentException("slices: a column is listed twice: " + columns);
    }
    return new EvaluateModel(model, modelJson, scorers, label, columns, options);
  }

  /** A copy whose binary predictions at or above {@code threshold} count as positive (default 0.5). */
  public EvaluateModel withThreshold(double threshold) {
    return new EvaluateModel(model, modelJson, scorers, label, slices, options.withThreshold(threshold));
  }

  /** A copy in which slices with fewer labeled examples report their count only (default 0: all). */
  public EvaluateModel withMinSliceSize(long minSliceSize) {
    return new EvaluateModel(model, modelJson, scorers, label, slices, options.withMinSliceSize(minSliceSize));
  }

  /** @throws IllegalArgumentException when the label or a slice is not a column of the input */
  @Override
  public PCollection<EvaluationMetrics> expand(PCollection<Row> rows) {
    List<String> columns = rows.getSchema().getFieldNames();
    List<String> wanted = new ArrayList<>(slices);
    if (label != null) {
      wanted.add(label);
    }
    for (String c : wanted) {
      if (!columns.contains(c)) {
        throw new IllegalArgumentException("'" + c + "' is not a column of the rows to evaluate; columns are " + columns);
      }
    }
    PCollectionView<String> json = modelJson != null ? modelJson
        : DocumentViews.json(rows.getPipeline(), "model", model, ModelDocument::toJson);
    return rows
        .apply("blocks", InBlocks.of(InBlocks.DEFAULT_SIZE)) // rows arrive long before the model: InBlocks says why
        .apply("score", ParDo.of(new ScoreFn(scorers, new EvalColumns(label, slices), json)).withSideInputs(json))
        .setCoder(ScoredExampleCoder.of())
        .apply("metrics", new ComputeMetrics(options, slices))
        .apply("document", MapElements.into(TypeDescriptor.of(EvaluationMetrics.class)).via(EvaluationMetrics::fromJson))
        .setCoder(EvaluationMetricsCoder.of());
  }

  /** Scores each raw row of a list; the scorer is built once per DoFn instance from the model side input. */
  static final class ScoreFn extends DoFn<List<Row>, ScoredExample> {
    private final ScorerFactory factory;
    private final EvalColumns columns;
    private final PCollectionView<String> model;
    private transient Scorer scorer;

    ScoreFn(ScorerFactory factory, EvalColumns columns, PCollectionView<String> model) {
      this.factory = factory;
      this.columns = columns;
      this.model = model;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (scorer == null) {
        // One model per job, in the global window: the side input never changes under this instance.
        scorer = factory.create(c.sideInput(model), columns);
      }
      for (Row row : c.element()) {
        ScoredExample e = scorer.score(row);
        if (e == null) {
          throw new IllegalStateException("the scorer returned nothing for row " + row);
        }
        c.output(e);
      }
    }
  }
}
