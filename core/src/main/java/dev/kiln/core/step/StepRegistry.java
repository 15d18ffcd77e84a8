package dev.kiln.core.step;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The step types a pipeline may use: Kiln's built-ins plus any {@link StepType} a jar on the class
 * path announces through {@code META-INF/services/dev.kiln.core.step.StepType}.
 */
public final class StepRegistry {
  private final Map<String, StepType> types = new TreeMap<>();

  private StepRegistry() {}

  /** The built-in step types and those found by {@link ServiceLoader}. */
  public static StepRegistry standard() {
    StepRegistry r = new StepRegistry();
    for (StepType t : dev.kiln.core.steps.BuiltinSteps.all()) {
      r.register(t);
    }
    for (StepType t : ServiceLoader.load(StepType.class)) {
      r.register(t);
    }
    return r;
  }

  public StepRegistry register(StepType type) {
    types.put(type.name(), type);
    return this;
  }

  public StepType find(String name) {
    return types.get(name);
  }

  public java.util.Set<String> names() {
    return types.keySet();
  }
}
