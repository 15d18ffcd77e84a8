package dev.kiln.serving.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.step.StepContext;
import dev.kiln.ml.push.BlessedModelStep;
import java.time.Instant;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * {@code deploy}: publishes a blessed model to a serving backend as a new live version (the
 * {@code local} backend: a serving folder that {@code kiln serve} follows, switched atomically). A model
 * that is not blessed is not deployed, which is a result, not a failure. Inputs {@code model} and
 * {@code blessing}; output {@code deployment}, a {@link Deployment} document.
 *
 * <pre>{@code
 * deploy:
 *   uses: deploy
 *   in: { model: train.model, blessing: evaluate.blessing }
 *   with: { backend: local, target: serving/taxi }
 * }</pre>
 */
public final class DeployStep extends BlessedModelStep {
  /**
   * @param backend the serving backend's name ({@code local} when absent)
   * @param target where the backend publishes (local: a folder, relative to the project folder)
   */
  public record Config(@JsonProperty("backend") String backend, @JsonProperty("target") String target) {
    public Config {
      backend = backend == null ? LocalServingBackend.NAME : backend;
      if (target == null || target.isBlank()) {
        throw new IllegalArgumentException("key 'target': missing; where to deploy blessed models, e.g. serving/taxi");
      }
      ServingBackends.named(backend); // an unknown backend is a spec error, before any job starts
    }
  }

  private final Config config;

  public DeployStep(Config config) {
    super("deployment", Deployment.KIND, config.target());
    this.config = config;
  }

  @Override
  public String type() {
    return "deploy";
  }

  @Override
  protected Publisher publisher(StepContext context) {
    return new ToBackend(config.backend(), context.resolve(config.target()), config.target());
  }

  /** Publishes the model through the named serving backend as its new live version. */
  private record ToBackend(String backend, String target, String configured) implements Publisher {
    @Override
    public String blessed(String modelJson, String fingerprint, PipelineOptions options) {
      String version = ServingBackends.named(backend).deploy(modelJson, target, options);
      return new Deployment(true, backend, configured, version, fingerprint, Instant.now().toString(), "blessed").toJson();
    }

    @Override
    public String notBlessed(String fingerprint, String why) {
      return new Deployment(false, backend, configured, null, fingerprint, null, why).toJson();
    }
  }
}
