package dev.kiln.ml.transform;

import dev.kiln.core.spec.SpecException;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code preprocess} (TFX's Transform): fits the configured feature transformations on one split of
 * {@code examples} ({@code fitOn}, default train) and applies them to every split.
 *
 * <p>Input {@code examples}: a split Dataset. Outputs {@code graph}: the TransformGraph document (the
 * fitted parameters), and {@code examples}: the transformed Dataset, with the same splits. The graph is
 * fitted in one pass and applied from its committed JSON, as a side input, so training data is
 * transformed exactly as inference and serving will transform theirs.
 */
public final class PreprocessStep extends Step {
  public static final String TYPE = "preprocess";

  private final PreprocessConfig config;

  public PreprocessStep(PreprocessConfig config) {
    this.config = config;
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** True: its rows wait for the graph fitted on them. */
  @Override
  public boolean rowsWaitForWholeInput() {
    return true;
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input("examples").output("graph", ArtifactKind.TRANSFORM_GRAPH);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    List<String> splits = inputSplits.get("examples");
    if (splits.equals(List.of(DatasetRows.UNSPLIT))) {
      throw new IllegalArgumentException("input 'examples' has no splits; preprocess fits on one split (fitOn: "
          + config.fitOn() + ") and applies to all: connect a split dataset, e.g. split.examples");
    }
    if (!splits.contains(config.fitOn())) {
      throw new IllegalArgumentException("the input has no split '" + config.fitOn() + "' to fit on (with.fitOn); its splits are " + splits);
    }
    return Map.of("graph", List.of(DatasetRows.UNSPLIT), "examples", splits);
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows in = dataset(inputs, "examples");
    PreprocessPlan plan;
    try {
      plan = PreprocessPlan.of(config, in.schema());
    } catch (PreprocessPlan.ConfigError e) {
      throw SpecException.at(context.source(), context.stepName(), e.key(), e.getMessage());
    }
    if (!in.splits().containsKey(config.fitOn())) {
      throw SpecException.at(context.source(), context.stepName(), "with.fitOn",
          "the input has no split '" + config.fitOn() + "'; its splits are " + in.splits().keySet());
    }
    PCollection<String> json = in.split(config.fitOn())
        .apply(context.name("fit"), FitTransformGraph.of(plan))
        .apply(context.name("json"), MapElements.into(TypeDescriptors.strings()).via(TransformGraph::toJson));
    PCollectionView<String> view = json.apply(context.name("graph view"), org.apache.beam.sdk.transforms.View.asSingleton());
    Map<String, PCollection<Row>> out = new LinkedHashMap<>();
    in.splits().forEach((split, rows) ->
        out.put(split, rows.apply(context.name("apply " + split), ApplyTransformGraph.ofJson(view, plan.outputSchema()))));
    return Map.of(
        "graph", Document.of(ArtifactKind.TRANSFORM_GRAPH, json),
        "examples", DatasetRows.ofSplits(plan.outputSchema(), out));
  }
}
