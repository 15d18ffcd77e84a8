package dev.kiln.core.plan;

/** What the planner decided for a step. */
public enum Decision {
  /** A complete execution with the same cache key exists and its outputs are intact: reuse them. */
  CACHED,
  /** The step runs. */
  RUN,
  /**
   * An upstream step reruns, and an earlier complete execution matched everything but the input. The
   * step runs in its upstream's Beam job (fusion is kept); if its input comes out as it was, its full
   * cache key equals the earlier execution's, and the earlier outputs are kept instead of the new ones
   * (the step is recorded CACHED), so the steps after it see the same artifacts. docs/design.md says why.
   */
  RUN_OR_REUSE
}
