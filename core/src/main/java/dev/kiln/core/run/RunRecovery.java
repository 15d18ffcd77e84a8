package dev.kiln.core.run;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settles runs whose kiln process died (killed, crashed, machine lost). Each of their RUNNING
 * executions becomes COMPLETE when all its outputs were committed and are intact — so the next run
 * reuses them — and FAILED otherwise; the run itself is marked FAILED. Runs of live processes are left
 * alone, so two kiln processes may share one store.
 */
public final class RunRecovery {
  private static final int RECENT_RUNS = 20;
  private final MetadataStore store;
  private final ArtifactStore artifacts;

  public RunRecovery(MetadataStore store, ArtifactStore artifacts) {
    this.store = store;
    this.artifacts = artifacts;
  }

  /** @return how many executions were settled */
  public int recover() {
    RunRecorder recorder = new RunRecorder(store);
    List<Execution> running = store.executionsInState(Execution.State.RUNNING).stream()
        .sorted(Comparator.comparingLong(Execution::id)).toList();
    int settled = 0;
    // A run's end is read before any of its steps is settled: settling writes to them.
    Map<Long, Long> endedByRun = new HashMap<>();
    for (Execution e : running) {
      if (owner(e.properties()).isAlive()) {
        continue;
      }
      Optional<Context> run = store.contextsOfExecution(e.id()).stream().filter(c -> c.type().equals(MetadataKeys.RUN)).findFirst();
      long ended = run.map(r -> endedByRun.computeIfAbsent(r.id(), id -> lastSignOfLife(r))).orElse(e.updateTimeMillis());
      settle(recorder, e, run, Execution.State.FAILED, "the kiln process (pid " + e.longProperty(MetadataKeys.PID) + " on "
          + e.stringProperty(MetadataKeys.HOST) + ") ended before the step finished", ended);
      run.ifPresent(r -> markRunFailed(recorder, r, ended));
      settled++;
    }
    for (Context r : store.contextsOfType(MetadataKeys.RUN, RECENT_RUNS)) {
      if ("RUNNING".equals(r.stringProperty(MetadataKeys.STATE)) && !owner(r.properties()).isAlive()) {
        markRunFailed(recorder, r, lastSignOfLife(r));
      }
    }
    return settled;
  }

  /**
   * Ends a run of this process that is being stopped (SIGTERM, Ctrl-C): its steps whose outputs
   * committed become COMPLETE, as recovery would make them, the others CANCELED with {@code reason};
   * the run is CANCELED with {@code reason}.
   *
   * @return false when no RUNNING run has that name
   */
  public boolean cancel(String runName, String reason) {
    return stop(runName, Execution.State.CANCELED, "cancelled: " + reason, "cancelled before the step finished: " + reason);
  }

  /**
   * Ends a run of this process that cannot go on (it ran out of memory) as FAILED with {@code error};
   * its steps are settled as by {@link #cancel}, the unfinished ones FAILED.
   *
   * @return false when no RUNNING run has that name
   */
  public boolean fail(String runName, String error) {
    return stop(runName, Execution.State.FAILED, error, "not completed: " + error);
  }

  private boolean stop(String runName, Execution.State state, String runError, String stepError) {
    Optional<Context> run = store.contextByName(MetadataKeys.RUN, runName)
        .filter(r -> "RUNNING".equals(r.stringProperty(MetadataKeys.STATE)));
    if (run.isEmpty()) {
      return false;
    }
    RunRecorder recorder = new RunRecorder(store);
    store.executionsOfContext(run.get().id()).stream()
        .filter(e -> e.state() == Execution.State.RUNNING)
        .sorted(Comparator.comparingLong(Execution::id))
        .forEach(e -> settle(recorder, e, run, state, stepError, System.currentTimeMillis()));
    recorder.finishRun(run.get().id(), state.name(), runError, null, System.currentTimeMillis());
    return true;
  }

  /**
   * One RUNNING execution whose process is gone or stopping: COMPLETE when its outputs and inputs are
   * committed and intact — linked to its inputs, which an earlier step of the same run may have
   * registered — otherwise ended in {@code unfinished} with {@code error}.
   */
  private void settle(RunRecorder recorder, Execution e, Optional<Context> run, Execution.State unfinished, String error,
      long ended) {
    Map<String, Manifest> committed = committed(e.stringProperty(MetadataKeys.PLANNED_OUTPUTS));
    StepInputs inputs = StepInputs.fromJson(e.stringProperty("input_sources"));
    long elapsed = Math.max(0, ended - e.createTimeMillis());
    if (committed != null && run.isPresent() && inputsCommitted(inputs)) {
      Map<String, String> fingerprints = inputs.fingerprints(artifacts);
      Map<String, Long> byUri = new HashMap<>();
      store.artifactsOfContext(run.get().id()).forEach(a -> byUri.put(a.uri(), a.id()));
      Map<String, Long> inputArtifacts = new TreeMap<>();
      inputs.ports().forEach((port, src) -> {
        Long id = src.artifactId() != 0 ? Long.valueOf(src.artifactId()) : byUri.get(src.uri());
        if (id != null) {
          inputArtifacts.put(port, id);
        }
      });
      Map<String, Object> props = new HashMap<>();
      props.put(MetadataKeys.CACHE_KEY, Planner.cacheKey(e.stringProperty(MetadataKeys.PARTIAL_KEY), fingerprints));
      props.put(MetadataKeys.INPUTS, CanonicalJson.ofValue(fingerprints));
      props.put(MetadataKeys.REASON, e.stringProperty(MetadataKeys.REASON) + "; recovered after its kiln process ended");
      String[] ref = e.stringProperty(MetadataKeys.STEP_REF).split("/", 2);
      recorder.complete(run.get().id(), e.id(), props, inputArtifacts, committed, ref[0], ref[1], formatOf(committed));
    } else if (unfinished == Execution.State.CANCELED) {
      recorder.cancel(e.id(), error, elapsed);
    } else {
      recorder.fail(e.id(), error, elapsed);
    }
  }

  /**
   * Marks a run of a dead process FAILED. It ended at its last sign of life (its last heartbeat or the
   * last write of one of its steps), not now: the next command may come hours later.
   */
  private static void markRunFailed(RunRecorder recorder, Context run, long ended) {
    Context now = recorder.store().context(run.id()).orElse(run);
    if ("RUNNING".equals(now.stringProperty(MetadataKeys.STATE))) {
      recorder.finishRun(run.id(), "FAILED", "the kiln process ended before the run finished (killed?)", null, ended);
    }
  }

  private long lastSignOfLife(Context run) {
    // Not the run context's update time: recording anything about the run (even this) moves it.
    Long started = run.longProperty(MetadataKeys.STARTED);
    Long alive = run.longProperty(MetadataKeys.ALIVE);
    long last = Math.max(started == null ? 0 : started, alive == null ? 0 : alive);
    for (Execution e : store.executionsOfContext(run.id())) {
      last = Math.max(last, e.updateTimeMillis());
    }
    return Math.min(last, System.currentTimeMillis());
  }

  private static ProcessIdentity owner(Map<String, Object> props) {
    Object host = props.get(MetadataKeys.HOST);
    Object pid = props.get(MetadataKeys.PID);
    Object start = props.get(MetadataKeys.PID + "_start");
    return new ProcessIdentity(host == null ? "" : host.toString(), pid instanceof Long l ? l : -1,
        start instanceof Long s ? s : 0);
  }

  private boolean inputsCommitted(StepInputs inputs) {
    try {
      return inputs.ports().values().stream().allMatch(s -> artifacts.readManifest(s.uri()).isPresent());
    } catch (IllegalArgumentException invalidManifest) {
      return false; // damaged: the execution fails, and the planner recomputes the input
    }
  }

  private Map<String, Manifest> committed(String plannedJson) {
    if (plannedJson == null) {
      return null;
    }
    Map<String, String> planned;
    try {
      planned = CanonicalJson.MAPPER.readValue(plannedJson, new TypeReference<TreeMap<String, String>>() {});
    } catch (Exception ex) {
      return null;
    }
    Map<String, Manifest> out = new TreeMap<>();
    for (Map.Entry<String, String> p : planned.entrySet()) {
      Optional<Manifest> m;
      try {
        m = artifacts.readManifest(p.getValue());
      } catch (IllegalArgumentException invalidManifest) { // truncated: not committed as far as recovery goes
        return null;
      }
      if (m.isEmpty() || !artifacts.checkIntact(m.get()).isIntact()) {
        return null;
      }
      out.put(p.getKey(), m.get());
    }
    return out;
  }

  private static String formatOf(Map<String, Manifest> committed) {
    return committed.values().stream().filter(m -> !m.isDocument()).findFirst().map(m -> m.format().id()).orElse("avro");
  }
}
