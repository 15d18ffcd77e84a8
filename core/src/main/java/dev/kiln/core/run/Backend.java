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

  /** A new, empty Beam pipeline for one stage, with this backend's options. */
  Pipeline newPipeline(String jobName);

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
}
