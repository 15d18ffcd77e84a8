package dev.kiln.serving.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.ml.evaluate.BlessingDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

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
public final class DeployStep extends Step {
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
    this.config = config;
  }

  @Override
  public String type() {
    return "deploy";
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input("model", ArtifactKind.MODEL).input("blessing", ArtifactKind.BLESSING)
        .output("deployment", Deployment.KIND);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("deployment", List.of(""));
  }

  /** The target: models are written there, from the worker that runs this step. */
  @Override
  public List<String> externalOutputs() {
    return List.of(config.target());
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    PCollectionView<String> blessing = document(inputs, "blessing").asView(context.name("blessing"));
    PCollection<String> result = document(inputs, "model").json()
        .apply(context.name("deploy"), ParDo.of(new DeployFn(config.backend(), context.resolve(config.target()), config.target(), blessing))
            .withSideInputs(blessing))
        .setCoder(StringUtf8Coder.of());
    return Map.of("deployment", Document.of(Deployment.KIND, result));
  }

  /** Deploys the model (the one element) when the blessing side input says blessed. */
  static final class DeployFn extends DoFn<String, String> {
    private final String backend;
    private final String target;
    private final String configured;
    private final PCollectionView<String> blessing;

    DeployFn(String backend, String target, String configured, PCollectionView<String> blessing) {
      this.backend = backend;
      this.target = target;
      this.configured = configured;
      this.blessing = blessing;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String model = c.element();
      String blessingJson = c.sideInput(blessing);
      String fingerprint = CanonicalJson.sha256(model);
      Deployment d;
      if (!BlessingDocument.isBlessed(blessingJson)) {
        d = new Deployment(false, backend, configured, null, fingerprint, null, BlessingDocument.summary(blessingJson));
      } else {
        String version = ServingBackends.named(backend).deploy(model, target, c.getPipelineOptions());
        d = new Deployment(true, backend, configured, version, fingerprint, Instant.now().toString(), "blessed");
      }
      c.output(d.toJson());
    }
  }
}
