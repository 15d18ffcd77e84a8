package dev.kiln.serving.deploy;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepType;

/** The {@code deploy} step type (registered through ServiceLoader). */
public final class DeployStepType implements StepType {
  @Override
  public String name() {
    return "deploy";
  }

  @Override
  public Class<?> configClass() {
    return DeployStep.Config.class;
  }

  @Override
  public Step create(StepSpec spec, Object config) {
    return new DeployStep((DeployStep.Config) config);
  }
}
