package dev.kiln.core.plan;

/** What the planner decided for a step. */
public enum Decision {
  /** A complete execution with the same cache key exists and its outputs are intact: reuse them. */
  CACHED,
  /** The step runs. */
  RUN,
  /**
   * An upstream step reruns and an earlier execution matched everything but the input: the step runs
   * only if the upstream output comes out different. Decided after the upstream finishes.
   */
  WAIT
}
