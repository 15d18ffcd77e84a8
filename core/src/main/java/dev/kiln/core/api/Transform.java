package dev.kiln.core.api;

import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The {@code transform} step: a user's own {@code PTransform<PCollection<Row>, PCollection<Row>>},
 * applied to each split of its input. Its settings are the transform's own config record (see {@link
 * HasConfig}), written into the spec from the instance, so there are no {@code with…} methods here.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * DatasetOutputs label = taxi.add("label", Transform.of(split.examples(), new DeriveBigTipper()));
 * }</pre>
 */
public final class Transform extends KilnStep<Transform, DatasetOutputs> {
  private Transform(State state) {
    super(state);
  }

  /** Applies {@code transform} to every split of {@code examples}. */
  public static Transform of(Port<Kind.Dataset> examples, PTransform<PCollection<Row>, PCollection<Row>> transform) {
    StepDefinition d = Steps.transform(transform);
    com.fasterxml.jackson.databind.node.ObjectNode settings = d.config() == null
        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        : (com.fasterxml.jackson.databind.node.ObjectNode) d.config();
    return new Transform(new State("transform", d.className(), settings, Map.of("examples", examples), null, null, d.prebuilt()));
  }

  @Override
  protected Transform with(State next) {
    return new Transform(next);
  }

  @Override
  protected DatasetOutputs outputs(String stepName) {
    return new DatasetOutputs(stepName);
  }
}
