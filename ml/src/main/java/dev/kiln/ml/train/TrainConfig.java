package dev.kiln.ml.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.ml.model.ModelAlgorithm;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelTask;
import java.util.HashSet;
import java.util.List;

/**
 * The {@code with:} block of a {@code train} step. The compact constructor fills every default, so the
 * normalized config (which enters the cache key) says exactly how the model is trained, and it
 * rejects settings that do not apply to the chosen algorithm and backend rather than ignoring them.
 *
 * @param label the label column (required)
 * @param features the feature columns in order; null means every numeric column except the label
 * @param algorithm {@code logistic} (default), {@code linear} or {@code random_forest}
 * @param backend {@code local} (default: Tribuo on one worker) or {@code distributed} (L-BFGS, one Beam
 *     combine per pass)
 * @param task {@code binary}, {@code multiclass} or {@code regression}; null infers it from the label
 * @param l2 L2 penalty on the weights (distributed only; default 1e-4): objective = mean loss + l2/2·|w|²
 * @param iterations the most passes over the data (distributed; default {@value #DEFAULT_PASSES}: L-BFGS
 *     takes one per iteration, more when a step is shortened, and none after it has converged) or
 *     SGD epochs (local; default 20)
 * @param tolerance the distributed trainer stops when an iteration lowers the objective by at most
 *     {@code tolerance × |objective|} or the gradient's largest entry is at most {@code tolerance}
 *     (default 1e-6)
 * @param maxLocalRows the most training rows the local backend takes (default
 *     {@value #DEFAULT_MAX_LOCAL_ROWS}): it holds them all in one worker's memory; above that the
 *     step fails, before gathering them, saying to use {@code backend: distributed}
 * @param learningRate AdaGrad learning rate of Tribuo's SGD (local linear models; default 1.0)
 * @param trees number of trees (random_forest; default 30)
 * @param maxDepth largest tree depth (random_forest; default 8, at most 64)
 * @param featureFraction share of the features each split may choose from (random_forest; default 0.5)
 * @param seed random seed of the local trainers (default 12345), so training is deterministic
 */
public record TrainConfig(
    @JsonProperty("label") String label,
    @JsonProperty("features") List<String> features,
    @JsonProperty("algorithm") String algorithm,
    @JsonProperty("backend") String backend,
    @JsonProperty("task") String task,
    @JsonProperty("l2") Double l2,
    @JsonProperty("iterations") Integer iterations,
    @JsonProperty("learningRate") Double learningRate,
    @JsonProperty("trees") Integer trees,
    @JsonProperty("maxDepth") Integer maxDepth,
    @JsonProperty("featureFraction") Double featureFraction,
    @JsonProperty("seed") Long seed,
    @JsonProperty("tolerance") Double tolerance,
    @JsonProperty("maxLocalRows") Long maxLocalRows) {

  /** The distributed trainer's default most passes over the data. */
  public static final int DEFAULT_PASSES = 20;
  /** The local trainer's default most training rows. */
  public static final long DEFAULT_MAX_LOCAL_ROWS = 1_000_000L;

  public TrainConfig {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("key 'label' is missing: the label column to predict, e.g. label: big_tipper");
    }
    if (features != null) {
      if (features.isEmpty()) {
        throw new IllegalArgumentException("key 'features': the list is empty; leave it out to use every numeric column");
      }
      if (new HashSet<>(features).size() != features.size()) {
        throw new IllegalArgumentException("key 'features': a column is listed twice in " + features);
      }
      if (features.contains(label)) {
        throw new IllegalArgumentException("key 'features': the label '" + label + "' cannot be a feature");
      }
      features = List.copyOf(features);
    }
    algorithm = algorithm == null ? ModelAlgorithm.LOGISTIC.jsonName() : algorithm;
    String algorithmName = algorithm;
    ModelAlgorithm algo = parse("algorithm", () -> ModelAlgorithm.parse(algorithmName));
    backend = backend == null ? ModelDocument.LOCAL : backend;
    if (!backend.equals(ModelDocument.LOCAL) && !backend.equals(ModelDocument.DISTRIBUTED)) {
      throw new IllegalArgumentException("key 'backend': unknown '" + backend + "'; use local or distributed");
    }
    boolean local = backend.equals(ModelDocument.LOCAL);
    if (local) {
      maxLocalRows = maxLocalRows == null ? DEFAULT_MAX_LOCAL_ROWS : maxLocalRows;
      if (maxLocalRows < 1) {
        throw new IllegalArgumentException("key 'maxLocalRows': must be at least 1, not " + maxLocalRows);
      }
    } else {
      notFor("maxLocalRows", maxLocalRows, "applies to the local backend only");
    }
    if (task != null) {
      String taskName = task;
      ModelTask t = parse("task", () -> ModelTask.parse(taskName));
      if (!algo.supports(t)) {
        throw new IllegalArgumentException("key 'task': algorithm " + algorithm + " cannot do " + task
            + (t == ModelTask.REGRESSION ? "; use linear or random_forest" : "; use logistic or random_forest"));
      }
    }
    if (algo == ModelAlgorithm.RANDOM_FOREST) {
      if (!local) {
        throw new IllegalArgumentException("key 'backend': random_forest has no distributed trainer; use backend: local");
      }
      notFor("l2", l2, "applies to logistic and linear only");
      notFor("iterations", iterations, "applies to logistic and linear only");
      notFor("tolerance", tolerance, "applies to the distributed backend only");
      notFor("learningRate", learningRate, "applies to logistic and linear only");
      trees = trees == null ? 30 : trees;
      maxDepth = maxDepth == null ? 8 : maxDepth;
      featureFraction = featureFraction == null ? 0.5 : featureFraction;
      seed = seed == null ? 12345L : seed;
      if (trees < 1 || trees > 10_000) {
        throw new IllegalArgumentException("key 'trees': must be between 1 and 10000, not " + trees);
      }
      if (maxDepth < 1 || maxDepth > 64) {
        throw new IllegalArgumentException("key 'maxDepth': must be between 1 and 64, not " + maxDepth);
      }
      if (!(featureFraction > 0) || featureFraction >= 1) {
        throw new IllegalArgumentException("key 'featureFraction': must be in (0, 1), not " + featureFraction);
      }
    } else {
      notFor("trees", trees, "applies to random_forest only");
      notFor("maxDepth", maxDepth, "applies to random_forest only");
      notFor("featureFraction", featureFraction, "applies to random_forest only");
      if (local) {
        notFor("l2", l2, "applies to the distributed backend only; Tribuo's SGD trainer (local) has no penalty");
        notFor("tolerance", tolerance, "applies to the distributed backend only; Tribuo's SGD trainer (local) runs its epochs");
        iterations = iterations == null ? 20 : iterations;
        learningRate = learningRate == null ? 1.0 : learningRate;
        seed = seed == null ? 12345L : seed;
        if (!(learningRate > 0) || learningRate.isInfinite()) {
          throw new IllegalArgumentException("key 'learningRate': must be a positive number, not " + learningRate);
        }
      } else {
        notFor("learningRate", learningRate, "applies to the local backend only; the distributed trainer takes L-BFGS steps");
        notFor("seed", seed, "applies to the local backend only; the distributed trainer is deterministic without one");
        l2 = l2 == null ? 1e-4 : l2;
        iterations = iterations == null ? DEFAULT_PASSES : iterations;
        tolerance = tolerance == null ? 1e-6 : tolerance;
        if (!(tolerance > 0) || tolerance >= 1) {
          throw new IllegalArgumentException("key 'tolerance': must be in (0, 1), not " + tolerance);
        }
        if (!(l2 >= 0) || l2.isInfinite()) {
          throw new IllegalArgumentException("key 'l2': must be a number >= 0, not " + l2);
        }
      }
      if (iterations < 1 || iterations > 1000) {
        throw new IllegalArgumentException("key 'iterations': must be between 1 and 1000, not " + iterations);
      }
    }
  }

  /** The settings training uses, as they enter the model document. */
  public Hyperparameters hyperparameters() {
    return new Hyperparameters(l2, iterations, learningRate, trees, maxDepth, featureFraction, seed, tolerance);
  }

  /** The algorithm as an enum. */
  public ModelAlgorithm algorithmValue() {
    return ModelAlgorithm.parse(algorithm);
  }

  /** The requested task, or null to infer it from the label. */
  public ModelTask taskValue() {
    return task == null ? null : ModelTask.parse(task);
  }

  /** Whether training runs on one worker with Tribuo. */
  public boolean isLocal() {
    return ModelDocument.LOCAL.equals(backend);
  }

  private static void notFor(String key, Object value, String why) {
    if (value != null) {
      throw new IllegalArgumentException("key '" + key + "': " + why);
    }
  }

  private static <T> T parse(String key, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key '" + key + "': " + e.getMessage());
    }
  }
}
