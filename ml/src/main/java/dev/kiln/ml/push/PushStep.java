package dev.kiln.ml.push;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.step.StepContext;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * {@code push}: copies a blessed model to {@code <destination>/<version>/model.json}
 * ({@link ModelDestination}); a model that is not blessed is not copied, which is a result, not a
 * failure. Inputs {@code model} (Model) and {@code blessing} (Blessing); output {@code result}, a
 * {@link PushResult} document.
 */
public final class PushStep extends BlessedModelStep {
  /** @param destination the folder or URI to push to, relative to the project folder */
  public record Config(@JsonProperty("destination") String destination) {
    public Config {
      if (destination == null || destination.isBlank()) {
        throw new IllegalArgumentException("key 'destination': missing; the folder to push blessed models to, e.g. models/taxi");
      }
    }
  }

  private final Config config;

  public PushStep(Config config) {
    super("result", PushResult.KIND, config.destination());
    this.config = config;
  }

  @Override
  public String type() {
    return "push";
  }

  @Override
  protected Publisher publisher(StepContext context) {
    return new ToFolder(context.resolve(config.destination()), config.destination());
  }

  /** Writes the model as the destination's next version, unless it is already the newest. */
  private record ToFolder(String root, String configured) implements Publisher {
    @Override
    public String blessed(String modelJson, String fingerprint, PipelineOptions options) {
      ModelDestination.Pushed pushed = ModelDestination.at(root).push(modelJson, options);
      return new PushResult(pushed.written(), configured, pushed.model().version(), fingerprint,
          pushed.written() ? "blessed" : "blessed, and already the newest version " + pushed.model().version()).toJson();
    }

    @Override
    public String notBlessed(String fingerprint, String why) {
      return new PushResult(false, configured, null, fingerprint, why).toJson();
    }
  }
}
