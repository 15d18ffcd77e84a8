package dev.kiln.ml.push;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.transforms.AllElements;
import dev.kiln.ml.evaluate.BlessingDocument;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * {@code push}: copies a blessed model to {@code <destination>/<version>/model.json}
 * ({@link ModelDestination}); a model that is not blessed is not copied, which is a result, not a
 * failure. Inputs {@code model} (Model) and {@code blessing} (Blessing); output {@code result}, a
 * {@link PushResult} document.
 */
public final class PushStep extends Step {
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
    this.config = config;
  }

  @Override
  public String type() {
    return "push";
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input("model", ArtifactKind.MODEL).input("blessing", ArtifactKind.BLESSING)
        .output("result", PushResult.KIND);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("result", List.of(""));
  }

  /** The destination: models are written there, from the worker that runs this step. */
  @Override
  public List<String> externalOutputs() {
    return List.of(config.destination());
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    Document blessingDoc = document(inputs, "blessing");
    PCollectionView<String> blessing = blessingDoc.asView(context.name("blessing"));
    // The model goes on once the blessing is there too (AllElements: a GroupByKey): the push ParDo then
    // runs when its side input is ready, instead of being run again each time the DirectRunner goes idle
    // while the evaluation is still going (docs/benchmarks.md, the taxi demo).
    PCollection<String> result = document(inputs, "model").json()
        .apply(context.name("after blessing"), AllElements.<String>of().after(List.of(blessingDoc.json())))
        .apply(context.name("model"), Flatten.iterables())
        .apply(context.name("push"), ParDo.of(new PushFn(context.resolve(config.destination()), config.destination(), blessing))
            .withSideInputs(blessing))
        .setCoder(StringUtf8Coder.of());
    return Map.of("result", Document.of(PushResult.KIND, result));
  }

  /** Pushes the model (the one element) when the blessing side input says blessed. */
  static final class PushFn extends DoFn<String, String> {
    private final String root;
    private final String configured;
    private final PCollectionView<String> blessing;

    PushFn(String root, String configured, PCollectionView<String> blessing) {
      this.root = root;
      this.configured = configured;
      this.blessing = blessing;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String model = c.element();
      String blessingJson = c.sideInput(blessing);
      String fingerprint = CanonicalJson.sha256(model);
      PushResult result;
      if (!BlessingDocument.isBlessed(blessingJson)) {
        result = new PushResult(false, configured, null, fingerprint, BlessingDocument.summary(blessingJson));
      } else {
        ModelDestination.Pushed pushed = ModelDestination.at(root).push(model, c.getPipelineOptions());
        result = new PushResult(pushed.written(), configured, pushed.model().version(), fingerprint,
            pushed.written() ? "blessed" : "blessed, and already the newest version " + pushed.model().version());
      }
      c.output(result.toJson());
    }
  }
}
