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
    Map<String, Long> registeredByUri = new HashMap<>();
    int settled = 0;
    for (Execution e : running) {
      if (owner(e.properties()).isAlive()) {
        continue;
      }
      Optional<Context> run = store.contextsOfExecution(e.id()).stream().filter(c -> c.type().equals(MetadataKeys.RUN)).findFirst();
      Map<String, Manifest> committed = committed(e.stringProperty(MetadataKeys.PLANNED_OUTPUTS));
      StepInputs inputs = StepInputs.fromJson(e.stringProperty("input_sources"));
      if (committed != null && run.isPresent() && inputsCommitted(inputs)) {
        Map<String, String> fingerprints = inputs.fingerprints(artifacts);
        Map<String, Long> inputArtifacts = new TreeMap<>();
        inputs.ports().forEach((port, src) -> {
          Long id = src.artifactId() != 0 ? Long.valueOf(src.artifactId()) : registeredByUri.get(src.uri());
          if (id != null) {
            inputArtifacts.put(port, id);
          }
        });
        Map<String, Object> props = new HashMap<>();
        props.put(MetadataKeys.CACHE_KEY, Planner.cacheKey(e.stringProperty(MetadataKeys.PARTIAL_KEY), fingerprints));
        props.put(MetadataKeys.INPUTS, CanonicalJson.ofValue(fingerprints));
        props.put(MetadataKeys.REASON, e.stringProperty(MetadataKeys.REASON) + "; recovered after its kiln process ended");
        String[] ref = e.stringProperty(MetadataKeys.STEP_REF).split("/", 2);
        Map<String, OutputArtifact> outs = recorder.complete(run.get().id(), e.id(), props, inputArtifacts, committed,
            ref[0], ref[1], formatOf(committed));
        outs.values().forEach(a -> registeredByUri.put(a.uri(), a.artifactId()));
      } else {
        recorder.fail(e.id(), "the kiln process (pid " + e.longProperty(MetadataKeys.PID) + " on "
            + e.stringProperty(MetadataKeys.HOST) + ") ended before the step finished", 0);
      }
      run.ifPresent(r -> markRunFailed(recorder, r));
      settled++;
    }
    for (Context r : store.contextsOfType(MetadataKeys.RUN, RECENT_RUNS)) {
      if ("RUNNING".equals(r.stringProperty(MetadataKeys.STATE)) && !owner(r.properties()).isAlive()) {
        markRunFailed(recorder, r);
      }
    }
    return settled;
  }

  private static void markRunFailed(RunRecorder recorder, Context run) {
    Context now = recorder.store().context(run.id()).orElse(run);
    if ("RUNNING".equals(now.stringProperty(MetadataKeys.STATE))) {
      recorder.finishRun(run.id(), false, "the kiln process ended before the run finished (killed?)");
    }
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
