package dev.kiln.core.run;

import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import java.util.Map;

/** Progress of a run, for the person watching it. Called from several threads; implementations synchronize. */
public interface RunListener {
  default void runStarted(String runName, String pipeline, String backend) {}

  default void planned(Plan plan) {}

  default void stepCached(StepPlan plan, Map<String, PortCounts> records) {}

  default void stageStarted(Stage stage) {}

  /** A step committed all its outputs ({@code records}: output port → record count). */
  default void stepCompleted(String step, long elapsedMillis, Map<String, PortCounts> records) {}

  /**
   * A step ran in its upstream's job (planned RUN_OR_REUSE), its input came out unchanged, and the
   * earlier result is kept: it is recorded CACHED from {@code plan.cachedFrom()}.
   */
  default void stepReused(StepPlan plan, long elapsedMillis, Map<String, PortCounts> records) {
    stepCached(plan, records);
  }

  default void stepFailed(String step, long elapsedMillis, String error) {}

  default void stepSkipped(String step, String reason) {}

  /** Something the user should know about a step that succeeded (said once, not per row). */
  default void stepWarning(String step, String warning) {}

  default void runFinished(RunOutcome outcome) {}

  RunListener NONE = new RunListener() {};
}
