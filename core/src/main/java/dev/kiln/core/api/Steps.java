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
  public static StepDefinition transform(PTransform<PCollection<Row>, PCollection<Row>> transform) {
    return new StepDefinition("transform", transform.getClass().getName(), null, null, new TransformStep(transform));
  }
}
