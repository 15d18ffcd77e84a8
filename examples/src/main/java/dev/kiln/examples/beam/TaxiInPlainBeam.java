package dev.kiln.examples.beam;

import dev.kiln.core.io.csv.CsvRead;
import dev.kiln.core.steps.SplitRows;
import dev.kiln.examples.taxi.DeriveBigTipper;
import dev.kiln.ml.evaluate.EvaluateModel;
import dev.kiln.ml.evaluate.EvaluationMetrics;
import dev.kiln.ml.infer.ScoreRows;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.stats.DatasetStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsJson;
import dev.kiln.ml.train.TrainModel;
import dev.kiln.ml.transform.ApplyTransformGraph;
import dev.kiln.ml.transform.FeatureConfig;
import dev.kiln.ml.transform.FitTransformGraph;
import dev.kiln.ml.transform.Impute;
import dev.kiln.ml.transform.PreprocessConfig;
import dev.kiln.ml.transform.TransformGraph;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The taxi pipeline's ML steps in a hand-written Beam pipeline: no Kiln project, metadata store or
 * orchestrator, only Kiln's transforms. It gives the same statistics, TransformGraph, model, metrics and
 * predictions as {@code pipelines/taxi.yaml} run by Kiln (checked by {@code TaxiInPlainBeamE2eTest}), and
 * is the example of {@code docs/library.md}.
 *
 * <pre>
 * java -cp kiln.jar dev.kiln.examples.beam.TaxiInPlainBeam --input=examples/data/taxi.csv --output=/tmp/taxi
 * </pre>
 */
public final class TaxiInPlainBeam {
  private TaxiInPlainBeam() {}

  /** What the pipeline gives. */
  public record Outputs(PCollection<Statistics> trainStatistics, PCollection<TransformGraph> graph,
      PCollection<ModelDocument> model, PCollection<EvaluationMetrics> metrics, PCollection<Row> predictions) {}

  // [START plain-beam]
  /** Reads, labels and splits the trips, then statistics → fit/apply TransformGraph → train → evaluate → score. */
  public static Outputs build(Pipeline pipeline, String csv) {
    PCollection<Row> trips = pipeline
        .apply("ReadTrips", CsvRead.from(csv)).rows()
        .apply("Label", new DeriveBigTipper());
    PCollectionTuple splits = trips.apply("Split",
        SplitRows.byKey("trip_start_timestamp").withRatio("train", 0.8).withRatio("eval", 0.2));
    PCollection<Row> train = splits.get("train");
    PCollection<Row> eval = splits.get("eval");

    PCollection<Statistics> statistics = train.apply("TrainStatistics", DatasetStatistics.of());

    PreprocessConfig features = features();
    PCollection<TransformGraph> graph = train.apply("FitGraph", FitTransformGraph.of(features));
    PCollectionView<TransformGraph> graphView = graph.apply("GraphView", View.asSingleton());
    PCollection<Row> trainFeatures = train.apply("ApplyGraph", ApplyTransformGraph.of(graphView, features));

    PCollection<ModelDocument> model = trainFeatures.apply("Train",
        TrainModel.logistic("big_tipper").withBackend(TrainModel.Backend.LOCAL).withTransformGraph(graphView));
    PCollectionView<ModelDocument> modelView = model.apply("ModelView", View.asSingleton());

    // the model carries its TransformGraph: evaluation and scoring read raw rows
    PCollection<EvaluationMetrics> metrics = eval.apply("Evaluate",
        EvaluateModel.of(modelView).withLabel("big_tipper").withSlices("payment_type", "trip_start_hour"));
    PCollection<Row> predictions = eval.apply("Score", ScoreRows.of(modelView));
    return new Outputs(statistics, graph, model, metrics, predictions);
  }

  /** The taxi pipeline's {@code preprocess} settings. */
  static PreprocessConfig features() {
    Impute mean = new Impute(Impute.MEAN, null);
    return new PreprocessConfig("train", List.of("big_tipper"), Map.of(), Map.of(
        "fare", new FeatureConfig(mean, true, null, null, null, null, null),
        "trip_miles", new FeatureConfig(mean, true, null, null, null, null, null),
        "trip_seconds", new FeatureConfig(new Impute(Impute.MEDIAN, null), true, null, null, null, null, null),
        "trip_start_hour", new FeatureConfig(null, null, null, null, new FeatureConfig.Vocabulary(24, null), null, true),
        "payment_type", new FeatureConfig(null, null, null, null, new FeatureConfig.Vocabulary(10, 1), null, true),
        "company", new FeatureConfig(null, null, null, null, null, new FeatureConfig.Hash(16), true),
        "pickup_latitude", new FeatureConfig(mean, null, null, new FeatureConfig.Bucketize(10), null, null, true),
        "trip_start_day", new FeatureConfig(null, null, null, null, new FeatureConfig.Vocabulary(7, null), null, true),
        "pickup_community_area", new FeatureConfig(null, null, null, null, new FeatureConfig.Vocabulary(80, 1), null, true),
        "dropoff_community_area", new FeatureConfig(null, null, null, null, new FeatureConfig.Vocabulary(80, 1), null, true)));
  }
  // [END plain-beam]

  /** Options of {@link #main}. */
  public interface Options extends org.apache.beam.sdk.options.PipelineOptions {
    @org.apache.beam.sdk.options.Description("the taxi CSV")
    @org.apache.beam.sdk.options.Default.String("examples/data/taxi.csv")
    String getInput();

    void setInput(String input);

    @org.apache.beam.sdk.options.Description("folder for statistics.json, model.json and metrics.json")
    @org.apache.beam.sdk.options.Validation.Required
    String getOutput();

    void setOutput(String output);
  }

  /** Runs the pipeline (DirectRunner unless {@code --runner} says otherwise) and writes its documents. */
  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    Pipeline pipeline = Pipeline.create(options);
    Outputs out = build(pipeline, options.getInput());
    String dir = options.getOutput() + "/";
    write(out.trainStatistics().apply("StatisticsJson",
        MapElements.into(TypeDescriptors.strings()).via(StatisticsJson::toJson)), dir + "statistics");
    write(out.model().apply("ModelJson", MapElements.into(TypeDescriptors.strings()).via(ModelDocument::toJson)), dir + "model");
    write(out.metrics().apply("MetricsJson", MapElements.into(TypeDescriptors.strings()).via(EvaluationMetrics::toJson)), dir + "metrics");
    pipeline.run().waitUntilFinish();
  }

  private static void write(PCollection<String> json, String prefix) {
    json.apply("Write " + prefix, TextIO.write().to(prefix).withSuffix(".json").withoutSharding());
  }
}
