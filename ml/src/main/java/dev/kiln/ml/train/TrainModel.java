package dev.kiln.ml.train;

import dev.kiln.ml.DocumentViews;
import dev.kiln.ml.model.ModelAlgorithm;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelDocumentCoder;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.transform.TransformGraph;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Trains a model on rows with a schema and gives it as one {@link ModelDocument}: logistic or linear
 * regression (on one worker with Tribuo, or data-parallel L-BFGS with {@link Backend#DISTRIBUTED}) or
 * a random forest (one worker). This is what the {@code train} step applies; the settings are those of
 * its {@code with:} block ({@link TrainConfig}), checked when the transform is applied.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PCollection<ModelDocument> model = trainFeatures.apply(
 *     TrainModel.logistic("big_tipper")
 *         .withBackend(TrainModel.Backend.DISTRIBUTED)
 *         .withL2(1e-4)
 *         .withTransformGraph(graph));   // optional: embedded in the model, so it scores raw rows
 * PCollectionView<ModelDocument> modelView = model.apply(View.asSingleton());
 * }</pre>
 *
 * <p>Without {@link #withFeatures} every numeric column but the label is a feature. Rows whose label is
 * null are not trained on (the model counts them). With {@link #withTransformGraph} the graph the
 * rows were made with is embedded in the model and its one-hot index columns are expanded inside the
 * trainer; evaluation and scoring then read raw rows.
 */
public final class TrainModel extends PTransform<PCollection<Row>, PCollection<ModelDocument>> {
  /** Where training runs. */
  public enum Backend {
    /** One worker, Tribuo; every training row is held in its memory (at most {@link TrainModel#withMaxLocalRows}). */
    LOCAL(ModelDocument.LOCAL),
    /** Data-parallel L-BFGS written as Beam transforms: one combine per pass, any runner (logistic, linear). */
    DISTRIBUTED(ModelDocument.DISTRIBUTED);

    private final String configName;

    Backend(String configName) {
      this.configName = configName;
    }
  }

  /** The settings as given (null: the default), turned into a {@link TrainConfig} when applied. */
  private record Settings(String label, List<String> features, String algorithm, String backend, String task,
      Double l2, Integer iterations, Double learningRate, Integer trees, Integer maxDepth, Double featureFraction,
      Long seed, Double tolerance, Long maxLocalRows) implements java.io.Serializable {
    TrainConfig config() {
      return new TrainConfig(label, features, algorithm, backend, task, l2, iterations, learningRate, trees, maxDepth,
          featureFraction, seed, tolerance, maxLocalRows);
    }
  }

  private final Settings settings;
  private final PCollectionView<TransformGraph> graph;
  private final PCollectionView<String> graphJson;

  private TrainModel(Settings settings, PCollectionView<TransformGraph> graph, PCollectionView<String> graphJson) {
    this.settings = settings;
    this.graph = graph;
    this.graphJson = graphJson;
  }

  private static TrainModel algorithm(ModelAlgorithm algorithm, String label) {
    Objects.requireNonNull(label, "label");
    return new TrainModel(new Settings(label, null, algorithm.jsonName(), null, null, null, null, null, null, null,
        null, null, null, null), null, null);
  }

  /** Logistic regression (binary or multiclass) of {@code label}; local backend unless {@link #withBackend}. */
  public static TrainModel logistic(String label) {
    return algorithm(ModelAlgorithm.LOGISTIC, label);
  }

  /** Linear regression of {@code label}; local backend unless {@link #withBackend}. */
  public static TrainModel linear(String label) {
    return algorithm(ModelAlgorithm.LINEAR, label);
  }

  /** A random forest (classification or regression) of {@code label}, on one worker. */
  public static TrainModel randomForest(String label) {
    return algorithm(ModelAlgorithm.RANDOM_FOREST, label);
  }

  /** Trains as a {@code train} step with these settings does. */
  public static TrainModel of(TrainConfig config) {
    return new TrainModel(new Settings(config.label(), config.features(), config.algorithm(), config.backend(),
        config.task(), config.l2(), config.iterations(), config.learningRate(), config.trees(), config.maxDepth(),
        config.featureFraction(), config.seed(), config.tolerance(), config.maxLocalRows()), null, null);
  }

  private TrainModel with(Settings s) {
    return new TrainModel(s, graph, graphJson);
  }

  public TrainModel withBackend(Backend backend) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, backend.configName, s.task, s.l2, s.iterations,
        s.learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** The feature columns, in order (default: every numeric column but the label). */
  public TrainModel withFeatures(String... features) {
    Settings s = settings;
    return with(new Settings(s.label, List.copyOf(Arrays.asList(features)), s.algorithm, s.backend, s.task, s.l2,
        s.iterations, s.learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** The task; by default inferred from the label's values. */
  public TrainModel withTask(ModelTask task) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, task.jsonName(), s.l2, s.iterations,
        s.learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** L2 penalty (distributed backend; default 1e-4). */
  public TrainModel withL2(double l2) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, l2, s.iterations,
        s.learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** The most passes (distributed) or SGD epochs (local). */
  public TrainModel withIterations(int iterations) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, iterations,
        s.learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** The distributed trainer's relative convergence tolerance (default 1e-6). */
  public TrainModel withTolerance(double tolerance) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, s.iterations,
        s.learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, tolerance, s.maxLocalRows));
  }

  /** The most rows the local backend accepts (default 1,000,000). */
  public TrainModel withMaxLocalRows(long maxLocalRows) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, s.iterations,
        s.learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, maxLocalRows));
  }

  /** The AdaGrad learning rate of the local linear models (default 1.0). */
  public TrainModel withLearningRate(double learningRate) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, s.iterations,
        learningRate, s.trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** Number of trees (random forest; default 30). */
  public TrainModel withTrees(int trees) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, s.iterations,
        s.learningRate, trees, s.maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** Largest tree depth (random forest; default 8). */
  public TrainModel withMaxDepth(int maxDepth) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, s.iterations,
        s.learningRate, s.trees, maxDepth, s.featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** Share of the features each tree split chooses from (random forest; default 0.5). */
  public TrainModel withFeatureFraction(double featureFraction) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, s.iterations,
        s.learningRate, s.trees, s.maxDepth, featureFraction, s.seed, s.tolerance, s.maxLocalRows));
  }

  /** Random seed of the local trainers (default 12345). */
  public TrainModel withSeed(long seed) {
    Settings s = settings;
    return with(new Settings(s.label, s.features, s.algorithm, s.backend, s.task, s.l2, s.iterations,
        s.learningRate, s.trees, s.maxDepth, s.featureFraction, seed, s.tolerance, s.maxLocalRows));
  }

  /**
   * A copy that embeds the TransformGraph the training rows were made with (a singleton view, e.g. of
   * {@code FitTransformGraph}'s output): one-hot index columns are expanded inside the trainer, and the
   * model scores raw rows.
   */
  public TrainModel withTransformGraph(PCollectionView<TransformGraph> graph) {
    return new TrainModel(settings, Objects.requireNonNull(graph, "graph"), null);
  }

  /** As {@link #withTransformGraph}, from a view of the graph's committed JSON (the {@code train} step). */
  TrainModel withTransformGraphJson(PCollectionView<String> graphJson) {
    return new TrainModel(settings, null, graphJson);
  }

  /** The settings, with every default filled in; throws IllegalArgumentException naming a wrong one. */
  public TrainConfig config() {
    return settings.config();
  }

  /**
   * @throws IllegalArgumentException when a setting is wrong or does not apply (e.g. l2 on the local
   *     backend), or the label or a feature is not a column of the input ({@link TrainingInputException})
   */
  @Override
  public PCollection<ModelDocument> expand(PCollection<Row> rows) {
    TrainConfig config = config();
    TrainingSetup setup = TrainingSetup.resolve(config, rows.getSchema());
    PCollectionView<String> json = graphJson != null ? graphJson
        : graph == null ? null : DocumentViews.json(rows.getPipeline(), "graph", graph, TransformGraph::toJson);
    PTransform<PCollection<Row>, PCollection<String>> trainer = config.isLocal()
        ? new LocalTrainer(setup, json).withMaxRows(config.maxLocalRows())
        : new DistributedTrainer(setup, json);
    return rows.apply(config.backend(), trainer)
        .apply("model", MapElements.into(TypeDescriptor.of(ModelDocument.class)).via(ModelDocument::fromJson))
        .setCoder(ModelDocumentCoder.of());
  }
}
