package dev.kiln.metadata;

import java.util.Map;

/**
 * Fills a store with the history of many runs of one three-step pipeline, the way the
 * orchestrator records them: a run context under the pipeline context, and per step an
 * execution with a cache key, its output artifact, INPUT/OUTPUT events, an association and an
 * attribution. Every tenth run's "train" step FAILED. Written in one transaction, so it is quick.
 */
final class RunHistory {
  static final String PIPELINE = "taxi";
  static final String[] STEPS = {"data", "split", "train"};

  private RunHistory() {}

  /** Writes {@code runs} runs; returns the pipeline context's id. */
  static long write(MetadataStore store, int runs) {
    return store.inTransaction(s -> {
      long pipeline = s.putContext(Context.create("pipeline", PIPELINE, Map.of()));
      for (int r = 0; r < runs; r++) {
        long run = s.putContext(Context.create("run", runName(r), Map.of("spec_hash", "spec-" + (r % 7))));
        s.putParentContext(run, pipeline);
        long previous = 0;
        for (String step : STEPS) {
          Execution.State state = step.equals("train") && r % 10 == 0 ? Execution.State.FAILED : Execution.State.COMPLETE;
          long ex = s.putExecution(Execution.create(step, step, state,
              Map.of("cache_key", cacheKey(step, r), "attempt", 1L)));
          s.putAssociation(run, ex);
          if (previous != 0) {
            s.putEvent(Event.input(previous, ex, "examples"));
          }
          long out = s.putArtifact(Artifact.create("Dataset", "/artifacts/" + PIPELINE + "/" + step + "/" + ex, null,
              Map.of("records", 1000L + r, "fingerprint", "fp-" + step + "-" + r)));
          s.putEvent(Event.output(out, ex, "examples"));
          s.putAttribution(run, out);
          previous = out;
        }
      }
      return pipeline;
    });
  }

  static String runName(int r) {
    return PIPELINE + "-" + r;
  }

  static String cacheKey(String step, int r) {
    return step + "-" + r;
  }
}
