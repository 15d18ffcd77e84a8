package dev.kiln.ml.api;

import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import dev.kiln.ml.evaluate.Threshold;
import java.util.List;
import java.util.Map;

/**
 * The {@code evaluate} step: metrics of a model on raw rows, overall and by slice, and a blessing when
 * they meet the thresholds. One {@code with…} method per setting of {@link dev.kiln.ml.evaluate.EvaluateStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * Evaluate.Outputs evaluate = taxi.add("evaluate", Evaluate.of(label.examples().split("eval"), train.model())
 *     .withLabel("big_tipper")
 *     .withSlices("payment_type", "trip_start_hour")
 *     .withMinimum("auc", 0.6));
 * }</pre>
 */
public final class Evaluate extends KilnStep<Evaluate, Evaluate.Outputs> {
  /** The {@code metrics} and {@code blessing} outputs. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.Metrics> metrics() {
      return port("metrics");
    }

    public Port<Kind.Blessing> blessing() {
      return port("blessing");
    }
  }

  private Evaluate(State state) {
    super(state);
  }

  /** Evaluates {@code model} on {@code examples} (raw rows; the model applies its own TransformGraph). */
  public static Evaluate of(Port<Kind.Dataset> examples, Port<Kind.Model> model) {
    return new Evaluate(State.of("evaluate", Map.of("examples", examples, "model", model)));
  }

  /** The label column (required). */
  public Evaluate withLabel(String column) {
    return set("label", column);
  }

  /** Columns whose values slice the metrics. */
  public Evaluate withSlices(String... columns) {
    return set("slices", List.of(columns));
  }

  /** The probability above which a binary prediction is positive (default 0.5). */
  public Evaluate withThreshold(double threshold) {
    return set("threshold", threshold);
  }

  /** Slices with fewer rows are not reported. */
  public Evaluate withMinSliceSize(long rows) {
    return set("minSliceSize", rows);
  }

  /** Metric name to its bounds; the model is blessed when every one holds (replaces those given before). */
  public Evaluate withThresholds(Map<String, Threshold> thresholds) {
    return set("thresholds", new java.util.TreeMap<>(thresholds));
  }

  /** Adds a lower bound: {@code withMinimum("auc", 0.7)}. */
  public Evaluate withMinimum(String metric, double min) {
    com.fasterxml.jackson.databind.node.ObjectNode t = settings().get("thresholds") instanceof com.fasterxml.jackson.databind.node.ObjectNode o
        ? o.deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    t.putObject(metric).put("min", min);
    return set("thresholds", t);
  }

  /** The last pushed model under {@code path}, to compare with ({@code minImprovement} thresholds). */
  public Evaluate withBaseline(String path) {
    return set("baseline", Map.of("path", path));
  }

  @Override
  protected Evaluate with(State next) {
    return new Evaluate(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
