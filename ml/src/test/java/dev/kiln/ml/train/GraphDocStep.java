package dev.kiln.ml.train;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Create;

/**
 * Test step {@code graphdoc}: writes a fixed TransformGraph document, standing in for the preprocess
 * step (built elsewhere), so the train step's {@code graph} port can be wired through the orchestrator.
 */
final class GraphDocStep extends Step {
  /** A TransformGraph that passes x1 through as a number: no one-hot columns, so training reads the rows as they are. */
  static final String JSON = new dev.kiln.ml.transform.TransformGraph(dev.kiln.ml.transform.TransformGraph.FORMAT, "train", 10,
      List.of(dev.kiln.ml.transform.InputColumn.of(org.apache.beam.sdk.schemas.Schema.Field.of("x1",
          org.apache.beam.sdk.schemas.Schema.FieldType.DOUBLE))),
      List.of(), List.of(new dev.kiln.ml.transform.FittedFeature("x1", dev.kiln.ml.transform.ValueKind.NUMBER, null,
          new dev.kiln.ml.transform.Encoding.Identity(), false)), List.of()).toJson();

  static final StepType TYPE = new StepType() {
    @Override public String name() { return "graphdoc"; }
    @Override public Class<?> configClass() { return Void.class; }
    @Override public Step create(StepSpec spec, Object config) { return new GraphDocStep(); }
  };

  @Override public String type() { return "graphdoc"; }
  @Override public List<String> inputPorts() { return List.of(); }
  @Override public String outputKind(String port) { return ArtifactKind.TRANSFORM_GRAPH; }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("graph", List.of(""));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    return Map.of("graph", Document.of(ArtifactKind.TRANSFORM_GRAPH, context.pipeline().apply(context.name("json"), Create.of(JSON))));
  }
}
