package dev.kiln.ml.train;

import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;
import dev.kiln.ml.model.ModelDocument;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code train}: learns a model from one split of (preprocessed) examples and writes it as a Model
 * document. Inputs: {@code examples} (an unsplit Dataset, e.g. {@code preprocess.examples.train}) and,
 * optionally, {@code graph} (the TransformGraph the examples were made with, embedded in the model so
 * evaluation, inference and serving apply the same preprocessing). Output: {@code model}.
 *
 * <pre>{@code
 * train: { uses: train, in: { examples: preprocess.examples.train, graph: preprocess.graph },
 *          with: { label: big_tipper, algorithm: logistic, backend: distributed, l2: 0.001 } }
 * }</pre>
 *
 * It applies {@link TrainModel}; see {@link TrainConfig} for the settings, {@link LocalTrainer} and
 * {@link DistributedTrainer} for the backends.
 */
public final class TrainStep extends Step {
  static final String EXAMPLES = "examples";
  static final String GRAPH = "graph";
  static final String MODEL = "model";

  private final TrainConfig config;

  public TrainStep(TrainConfig config) {
    this.config = config;
  }

  @Override
  public String type() {
    return TrainStepType.NAME;
  }

  /** True: its rows wait for the label summary (and the local trainer gathers them). */
  @Override
  public boolean rowsWaitForWholeInput() {
    return true;
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input(EXAMPLES).optionalInput(GRAPH, ArtifactKind.TRANSFORM_GRAPH)
        .output(MODEL, ArtifactKind.MODEL);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    List<String> splits = inputSplits.get(EXAMPLES);
    if (!List.of(DatasetRows.UNSPLIT).equals(splits)) {
      throw new IllegalArgumentException("input 'examples' has the splits " + splits
          + "; train reads one: connect one split, e.g. preprocess.examples.train");
    }
    return Map.of(MODEL, List.of(""));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows examples = dataset(inputs, EXAMPLES);
    Document graph = document(inputs, GRAPH);
    TrainModel train = TrainModel.of(config);
    if (graph != null) {
      train = train.withTransformGraphJson(graph.asView(context.name("graph")));
    }
    PCollection<String> model = examples.rows()
        .apply(context.name(config.backend()), train)
        .apply(context.name("model json"), MapElements.into(TypeDescriptors.strings()).via(ModelDocument::toJson));
    return Map.of(MODEL, Document.of(ArtifactKind.MODEL, model));
  }
}
