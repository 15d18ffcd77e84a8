package dev.kiln.core.api;

import dev.kiln.core.steps.TransformStep;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/** Factory of steps made from a user's own Beam code. */
public final class Steps {
  private Steps() {}

  /**
   * A user's {@code PTransform<PCollection<Row>, PCollection<Row>>} as a step; it is applied to each
   * split of its input. In YAML the same step is {@code uses: transform, class: <its class>}.
   */
  /**
   * Any registered step type with its settings, exactly as YAML's {@code uses: type} and {@code with:}
   * block: {@code Steps.uses("train", Map.of("label", "big_tipper", "algorithm", "logistic"))}. The
   * settings are checked against the step type's config when the pipeline is resolved, with the same
   * messages as for YAML. {@code with} may be a Map, a config record, or null for none.
   */
  public static StepDefinition uses(String type, Object with) {
    com.fasterxml.jackson.databind.JsonNode config = with == null ? null
        : dev.kiln.core.spec.CanonicalJson.MAPPER.valueToTree(with);
    return new StepDefinition(type, null, config, null, null);
  }

  public static StepDefinition transform(PTransform<PCollection<Row>, PCollection<Row>> transform) {
    return new StepDefinition("transform", transform.getClass().getName(), null, null, new TransformStep(transform));
  }
}
