package dev.kiln.ml.api;

import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import java.util.List;
import java.util.Map;

/**
 * The {@code infer} step: a model's predictions for raw rows (the model's TransformGraph is applied
 * first). One {@code with…} method per setting of {@link dev.kiln.ml.infer.InferStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * taxi.add("infer", Infer.of(label.examples().split("eval"), train.model()).withKeep("trip_start_timestamp"));
 * }</pre>
 */
public final class Infer extends KilnStep<Infer, Infer.Outputs> {
  /** The {@code predictions} output: rows with {@code prediction} and {@code predicted_class}. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.Dataset> predictions() {
      return port("predictions");
    }
  }

  private Infer(State state) {
    super(state);
  }

  /** Predictions of {@code model} for {@code examples}. */
  public static Infer of(Port<Kind.Dataset> examples, Port<Kind.Model> model) {
    return new Infer(State.of("infer", Map.of("examples", examples, "model", model)));
  }

  /** Columns carried over from the input beside the prediction. */
  public Infer withKeep(String... columns) {
    return set("keep", List.of(columns));
  }

  @Override
  protected Infer with(State next) {
    return new Infer(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
