package dev.kiln.core.run;

import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.StepPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run has settled so far: each finished step's plan (with its outputs, for the next planning
 * round), its final state and execution, and the run's error — the step that failed, not a stage
 * neighbour that merely did not start.
 */
final class RunTally {
  private final Map<String, StepPlan> settled = new LinkedHashMap<>();
  private final Map<String, String> states = new TreeMap<>();
  private final Map<String, Long> executions = new TreeMap<>();
  private String firstError;
  private boolean badInput;
  private boolean firstIsConsequence;
  private int stages;

  /** The number of the run's next stage: stage numbers do not repeat within a run. */
  int nextStageNumber() {
    return ++stages;
  }

  /** Steps finished in this run; the planner plans only the others. */
  Map<String, StepPlan> settled() {
    return settled;
  }

  boolean isSettled(String step) {
    return settled.containsKey(step);
  }

  void cached(StepPlan plan, long executionId) {
    settled.put(plan.step(), plan);
    states.put(plan.step(), "CACHED");
    executions.put(plan.step(), executionId);
  }

  void add(StepResult r) {
    executions.put(r.step(), r.executionId());
    if (r.complete()) {
      settled.put(r.step(), r.settled());
      states.put(r.step(), r.settled().decision() == Decision.CACHED ? "CACHED" : "COMPLETE");
      return;
    }
    // settled without outputs: never planned again, and its readers cannot start
    settled.put(r.step(), new StepPlan(r.step(), Decision.RUN, r.error(), null, null, Map.of(), null, 0, Map.of()));
    states.put(r.step(), "FAILED");
    boolean consequence = r.error().startsWith("not started:") || r.error().startsWith("not completed:")
        || r.error().startsWith("stopped:");
    if (firstError == null || (!consequence && firstIsConsequence)) {
      // a user error already names its file and step ("p.yaml: step 'data': key …"): say it once
      String step = "step '" + r.step() + "'";
      firstError = r.error() != null && r.error().contains(step + ":") ? r.error() : step + ": " + r.error();
      badInput = r.badInput();
      firstIsConsequence = consequence;
    }
  }

  /** A step that never ran because an upstream step failed. */
  void skipped(String step) {
    states.put(step, "SKIPPED");
    executions.put(step, 0L);
  }

  boolean has(String step) {
    return states.containsKey(step);
  }

  Map<String, String> states() {
    return states;
  }

  Map<String, Long> executions() {
    return executions;
  }

  String firstError() {
    return firstError;
  }

  boolean badInput() {
    return badInput;
  }
}
