package dev.kiln.ml.api;

import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import java.util.Map;

/**
 * The {@code push} step: a blessed model copied to a new version folder of a destination. One {@code
 * with…} method per setting of {@link dev.kiln.ml.push.PushStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * taxi.add("push", Push.of(train.model(), evaluate.blessing()).withDestination("models/taxi"));
 * }</pre>
 */
public final class Push extends KilnStep<Push, Push.Outputs> {
  /** The {@code result} output: where the model went, or why it did not. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.PushResult> result() {
      return port("result");
    }
  }

  private Push(State state) {
    super(state);
  }

  /** Pushes {@code model} when {@code blessing} says it passed. */
  public static Push of(Port<Kind.Model> model, Port<Kind.Blessing> blessing) {
    return new Push(State.of("push", Map.of("model", model, "blessing", blessing)));
  }

  /** A folder or {@code gs://} URI; versions {@code 000001/}, ... are created in it. */
  public Push withDestination(String destination) {
    return set("destination", destination);
  }

  @Override
  protected Push with(State next) {
    return new Push(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
