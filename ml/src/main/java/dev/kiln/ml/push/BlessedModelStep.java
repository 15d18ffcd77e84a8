package dev.kiln.ml.push;

import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.transforms.AllElements;
import dev.kiln.ml.evaluate.BlessingDocument;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A step that publishes a model only when its blessing says so ({@code push}, {@code deploy}): inputs
 * {@code model} (Model) and {@code blessing} (Blessing), one document out. A model that is not blessed is
 * not published, which is a result, not a failure. The gate lives here once, so every publishing step
 * decides "blessed" the same way; a subclass says only where the model goes and what the result says.
 */
public abstract class BlessedModelStep extends Step {
  /** What a publishing step does on the worker, for one model; serializable because it travels with the job. */
  public interface Publisher extends Serializable {
    /** Publishes a blessed model and returns the result document's JSON. */
    String blessed(String modelJson, String fingerprint, PipelineOptions options);

    /** The result document's JSON for a model that was not published; {@code why} is the blessing's summary. */
    String notBlessed(String fingerprint, String why);
  }

  private final String outputPort;
  private final String outputKind;
  private final String destination;

  /**
   * @param outputPort the result's port name
   * @param outputKind the result document's kind
   * @param destination where models are written, as configured (an external output of the step)
   */
  protected BlessedModelStep(String outputPort, String outputKind, String destination) {
    this.outputPort = outputPort;
    this.outputKind = outputKind;
    this.destination = destination;
  }

  /** What to do with a blessed model, built at expand time (paths resolved against the project). */
  protected abstract Publisher publisher(StepContext context);

  @Override
  protected final Ports ports() {
    return Ports.declare().input("model", ArtifactKind.MODEL).input("blessing", ArtifactKind.BLESSING)
        .output(outputPort, outputKind);
  }

  @Override
  public final Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of(outputPort, List.of(""));
  }

  /** The destination: models are written there, from the worker that runs this step. */
  @Override
  public final List<String> externalOutputs() {
    return List.of(destination);
  }

  @Override
  public final Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    Document blessingDoc = document(inputs, "blessing");
    PCollectionView<String> blessing = blessingDoc.asView(context.name("blessing"));
    // The model goes on once the blessing is there too (AllElements: a GroupByKey): the publishing ParDo
    // then runs when its side input is ready, instead of being run again each time the DirectRunner goes
    // idle while the evaluation is still going (docs/benchmarks.md, the taxi demo).
    PCollection<String> result = document(inputs, "model").json()
        .apply(context.name("after blessing"), AllElements.<String>of().after(List.of(blessingDoc.json())))
        .apply(context.name("model"), Flatten.iterables())
        .apply(context.name(type()), ParDo.of(new PublishFn(publisher(context), blessing)).withSideInputs(blessing))
        .setCoder(StringUtf8Coder.of());
    return Map.of(outputPort, Document.of(outputKind, result));
  }

  /** Publishes the model (the one element) when the blessing side input says blessed. */
  static final class PublishFn extends DoFn<String, String> {
    private final Publisher publisher;
    private final PCollectionView<String> blessing;

    PublishFn(Publisher publisher, PCollectionView<String> blessing) {
      this.publisher = publisher;
      this.blessing = blessing;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String model = c.element();
      String blessingJson = c.sideInput(blessing);
      String fingerprint = CanonicalJson.sha256(model);
      c.output(BlessingDocument.isBlessed(blessingJson)
          ? publisher.blessed(model, fingerprint, c.getPipelineOptions())
          : publisher.notBlessed(fingerprint, BlessingDocument.summary(blessingJson)));
    }
  }
}
