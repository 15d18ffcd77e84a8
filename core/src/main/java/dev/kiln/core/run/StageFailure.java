package dev.kiln.core.run;

import java.util.List;

/**
 * Why a stage did not finish.
 *
 * @param suspects the steps the failure is attributed to, in stage order (the first that did not
 *     commit is named); when empty, the first step of the stage that did not commit is named
 * @param beforeJob the failure happened while the job was being built, so nothing ran
 * @param badInput the failure was caused by the user's input
 * @param cause what was thrown, when known: its stack trace is recorded with the failing step (show --verbose)
 */
record StageFailure(List<String> suspects, String error, boolean beforeJob, boolean badInput, Throwable cause) {

  /** A step threw while its part of the job was being built. */
  static StageFailure whileCompiling(String step, String error, boolean badInput) {
    return new StageFailure(List.of(step), error, true, badInput, null);
  }

  /** The job failed; {@code suspects} come from {@link FailingStep}. */
  static StageFailure ofJob(List<String> suspects, String error, boolean badInput, Throwable cause) {
    return new StageFailure(suspects, error, false, badInput, cause);
  }
}
