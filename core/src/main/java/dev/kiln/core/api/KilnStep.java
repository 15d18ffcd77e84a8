package dev.kiln.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.step.Step;
import java.util.Map;
import java.util.TreeMap;

/**
 * A typed, immutable builder of one step: its inputs (typed {@link Port}s, given to its factory), its
 * settings ({@code with…} methods, one per field of the step type's config record, checked by
 * {@code StepBuildersTest}), and the typed handle of its outputs that {@link KilnPipeline#add(String,
 * KilnStep)} returns. It writes exactly what a YAML step says, so both give the same spec.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * Split.Outputs split = taxi.add("split",
 *     Split.of(data.examples()).withKey("trip_start_timestamp").withRatio("train", 0.8).withRatio("eval", 0.2));
 * }</pre>
 *
 * @param <B> the builder itself (what {@code with…} returns)
 * @param <O> its outputs
 */
public abstract class KilnStep<B extends KilnStep<B, O>, O extends StepHandle> {
  /** What a builder holds; copied, never changed. */
  protected record State(String type, String className, ObjectNode settings, Map<String, Output> inputs, String format,
      String backend, Step prebuilt) {
    protected State {
      settings = settings.deepCopy();
      inputs = Map.copyOf(new TreeMap<>(inputs));
    }

    /** A state of a step type with its inputs and no settings. */
    public static State of(String type, Map<String, Output> inputs) {
      return new State(type, null, JsonNodeFactory.instance.objectNode(), inputs, null, null, null);
    }

    State set(String key, Object value) {
      ObjectNode s = settings.deepCopy();
      if (value == null) {
        s.remove(key);
      } else {
        s.set(key, value instanceof JsonNode node ? node : CanonicalJson.MAPPER.valueToTree(value));
      }
      return new State(type, className, s, inputs, format, backend, prebuilt);
    }

    State input(String port, Output from) {
      Map<String, Output> in = new TreeMap<>(inputs);
      in.put(port, from);
      return new State(type, className, settings, in, format, backend, prebuilt);
    }
  }

  private final State state;

  protected KilnStep(State state) {
    this.state = state;
  }

  /** A builder of the same kind holding {@code next}: each subclass returns {@code new Itself(next)}. */
  protected abstract B with(State next);

  /** The typed outputs of this step once added under {@code stepName}. */
  protected abstract O outputs(String stepName);

  protected final State state() {
    return state;
  }

  /** A copy with the setting {@code key} (as YAML's {@code with:} names it) set to {@code value}; null removes it. */
  protected final B set(String key, Object value) {
    return with(state.set(key, value));
  }

  /** A copy reading {@code port} from {@code from}. */
  protected final B input(String port, Output from) {
    return with(state.input(port, from));
  }

  /** A copy whose dataset outputs are written as {@code avro} (default) or {@code tfrecord}. */
  public B withFormat(String format) {
    return with(new State(state.type(), state.className(), state.settings(), state.inputs(), format, state.backend(), state.prebuilt()));
  }

  /** A copy that runs on the named backend ({@code direct}, {@code flink}, {@code dataflow}, or one a user added). */
  public B onBackend(String backend) {
    StepDefinition checked = definition().onBackend(backend); // the same check as the untyped API
    return with(new State(state.type(), state.className(), state.settings(), state.inputs(), state.format(), checked.backend(), state.prebuilt()));
  }

  /** The step's settings as YAML's {@code with:} block would hold them. */
  public final ObjectNode settings() {
    return state.settings().deepCopy();
  }

  /** The untyped form: type, class, settings, format, backend. */
  public final StepDefinition definition() {
    ObjectNode settings = state.settings().deepCopy();
    return new StepDefinition(state.type(), state.className(), settings.isEmpty() ? null : settings, state.format(), state.prebuilt(), state.backend());
  }

  /** The inputs by port. */
  public final Map<String, Output> inputs() {
    return state.inputs();
  }
}
