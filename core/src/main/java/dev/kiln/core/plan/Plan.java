package dev.kiln.core.plan;

import java.util.List;
import java.util.Map;

/**
 * A plan: every step's decision in topological order, and the stages that can run now (the steps
 * marked RUN whose inputs are all available or produced in the same stage). Steps that wait for an
 * upstream result are planned again once it is known.
 */
public record Plan(Map<String, StepPlan> steps, List<Stage> stages) {
  public boolean fullyCached() {
    return steps.values().stream().allMatch(s -> s.decision() == Decision.CACHED);
  }
}
