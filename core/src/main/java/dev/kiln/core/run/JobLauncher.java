package dev.kiln.core.run;

import dev.kiln.core.spec.BadInput;
import java.time.Instant;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;

/**
 * Launches a compiled stage as one Beam job on its backend and follows it to its end (step three of a
 * stage): while the job runs, the watcher is called every {@value #POLL_MILLIS} ms, so steps can be
 * reported as soon as their outputs are committed.
 */
final class JobLauncher {
  static final long POLL_MILLIS = 250;

  /** Called while a job runs. */
  interface Watcher {
    /**
     * The job started at {@code at} (when it was submitted); {@code jobId} is the runner's id for it, or
     * null when the runner has none.
     */
    void started(Instant at, String jobId);

    /** Called between polls of the job's state. */
    void polled();

    /** The job ended DONE; its metrics can be read from {@code result}. */
    default void succeeded(PipelineResult result) {}
  }

  /**
   * How the job ended.
   *
   * @param error why the job failed, or null when it ended DONE
   * @param cause what the runner threw, when it threw (its stack names the code that failed), else null
   * @param badInput the failure was caused by the user's input
   */
  record JobEnd(String error, Throwable cause, boolean badInput) {
    boolean succeeded() {
      return error == null;
    }
  }

  JobEnd launch(Backend backend, Pipeline beam, Watcher watcher) {
    try {
      Instant submitted = Instant.now();
      PipelineResult result = backend.start(beam);
      watcher.started(submitted, backend.jobId(result));
      while (!result.getState().isTerminal()) {
        watcher.polled();
        result.waitUntilFinish(Duration.millis(POLL_MILLIS));
      }
      // once more without a limit: a runner that ended FAILED throws its cause from here
      PipelineResult.State end = result.waitUntilFinish();
      if (end != PipelineResult.State.DONE) {
        return new JobEnd(backend.failureMessage(result), null, false);
      }
      watcher.succeeded(result);
      return new JobEnd(null, null, false);
    } catch (RuntimeException e) {
      return new JobEnd(Errors.message(e), e, BadInput.in(e));
    }
  }
}
