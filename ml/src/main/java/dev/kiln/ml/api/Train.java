package dev.kiln.ml.api;

import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import dev.kiln.ml.model.ModelAlgorithm;
import dev.kiln.ml.model.ModelTask;
import java.util.List;
import java.util.Map;

/**
 * The {@code train} step: a model (logistic or linear regression, random forest) on one split, locally
 * (Tribuo) or distributed (L-BFGS over Beam). One {@code with…} method per setting of {@link
 * dev.kiln.ml.train.TrainConfig}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * Train.Outputs train = taxi.add("train", Train.of(preprocess.examples().split("train"))
 *     .withGraph(preprocess.graph())
 *     .withLabel("big_tipper")
 *     .withAlgorithm(ModelAlgorithm.LOGISTIC)
 *     .withBackend(Train.Backend.LOCAL));
 * }</pre>
 */
public final class Train extends KilnStep<Train, Train.Outputs> {
  /** Where the trainer runs. */
  public enum Backend {
    /** Tribuo on one worker, at most {@code maxLocalRows} rows (default). */
    LOCAL,
    /** L-BFGS, one Beam combine per pass. */
    DISTRIBUTED
  }

  /** The {@code model} output. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.Model> model() {
      return port("model");
    }
  }

  private Train(State state) {
    super(state);
  }

  /** Trains on {@code examples} (one split, e.g. {@code preprocess.examples().split("train")}). */
  public static Train of(Port<Kind.Dataset> examples) {
    return new Train(State.of("train", Map.of("examples", examples)));
  }

  /** The fitted TransformGraph the examples went through: one-hot index columns are then expanded in the trainer. */
  public Train withGraph(Port<Kind.TransformGraph> graph) {
    return input("graph", graph);
  }

  /** The column to predict (required). */
  public Train withLabel(String column) {
    return set("label", column);
  }

  /** The feature columns (default: every numeric column but the label). */
  public Train withFeatures(String... columns) {
    return set("features", List.of(columns));
  }

  public Train withAlgorithm(ModelAlgorithm algorithm) {
    return set("algorithm", algorithm.jsonName());
  }

  public Train withBackend(Backend backend) {
    return set("backend", backend.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** The task (default: from the label's values). */
  public Train withTask(ModelTask task) {
    return set("task", task.jsonName());
  }

  /** L2 regularization (logistic, linear). */
  public Train withL2(double l2) {
    return set("l2", l2);
  }

  /** Passes (distributed: at most; default 20). */
  public Train withIterations(int iterations) {
    return set("iterations", iterations);
  }

  /** Learning rate (local logistic and linear). */
  public Train withLearningRate(double rate) {
    return set("learningRate", rate);
  }

  /** Trees of a random forest (default 30). */
  public Train withTrees(int trees) {
    return set("trees", trees);
  }

  /** Depth of each tree (default 8). */
  public Train withMaxDepth(int depth) {
    return set("maxDepth", depth);
  }

  /** Share of features each tree sees. */
  public Train withFeatureFraction(double fraction) {
    return set("featureFraction", fraction);
  }

  public Train withSeed(long seed) {
    return set("seed", seed);
  }

  /** Distributed: stop when a pass lowers the objective by at most this share (default 1e-6). */
  public Train withTolerance(double tolerance) {
    return set("tolerance", tolerance);
  }

  /** Local: the most rows the trainer takes (default 1,000,000). */
  public Train withMaxLocalRows(long rows) {
    return set("maxLocalRows", rows);
  }

  @Override
  protected Train with(State next) {
    return new Train(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
