package dev.kiln.core.run;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Where a stage runs: a Beam runner with its options. A backend makes the empty Beam pipeline a stage
 * is compiled into, and starts it; the orchestrator follows the returned result.
 */
public interface Backend {
  /** The name users write: {@code direct}, {@code flink}, {@code dataflow}. */
  String name();

  /**
   * True when this backend's workers run on other machines (Dataflow) and so cannot read or write this
   * machine's files: a run refuses a local artifact root, input file or output folder of a step on it
   * before anything is submitted ({@link RemotePaths}). A Flink cluster is not remote in this sense:
   * Kiln's own starts on this machine, and a cluster elsewhere must see the same paths anyway.
   */
  default boolean remote() {
    return false;
  }

  /** A new, empty Beam pipeline for one stage, with this backend's options. */
  Pipeline newPipeline(String jobName);

  /**
   * A new, empty Beam pipeline for one stage of the Kiln run {@code runName}. Backends that label
   * their jobs with the run (so a job can be traced back to it) override this.
   */
  default Pipeline newPipeline(String jobName, String runName) {
    return newPipeline(jobName);
  }

  /** Starts the pipeline without blocking (or blocks, for runners that cannot do otherwise). */
  PipelineResult start(Pipeline pipeline);

  /**
   * The runner's own id of the job behind a result this backend started (a Flink job id), recorded
   * with each execution of the stage so the job can be found in the runner's UI and logs; null when
   * the runner has none.
   */
  default String jobId(PipelineResult result) {
    return null;
  }

  /**
   * Why a started job that ended in a state other than DONE failed, recorded on the stage's FAILED
   * executions. Backends whose service keeps the job's error messages override this to include them.
   */
  default String failureMessage(PipelineResult result) {
    return "the Beam job ended " + result.getState();
  }
}
