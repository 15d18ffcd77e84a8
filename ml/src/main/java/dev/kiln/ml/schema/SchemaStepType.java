package dev.kiln.ml.schema;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** Registers {@code uses: schema} ({@link SchemaStep}) through ServiceLoader. */
public final class SchemaStepType implements StepType {
  @Override
  public String name() {
    return SchemaStep.TYPE;
  }

  @Override
  public Class<?> configClass() {
    return SchemaStep.Config.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new SchemaStep((SchemaStep.Config) config);
  }
}
