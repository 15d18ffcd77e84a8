package dev.kiln.core.run;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.spec.InputRef;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a run's lineage: the run context, one execution per step, the artifacts a step committed
 * and the INPUT/OUTPUT events linking them. Each step's record is written in one transaction.
 */
public final class RunRecorder {
  private final MetadataStore store;

  public RunRecorder(MetadataStore store) {
    this.store = store;
  }

  public MetadataStore store() {
    return store;
  }

  /** Creates (or finds) the pipeline context and a new run context under it. */
  public Context startRun(String pipeline, String runName, String specJson, String specHash, String backend, ProcessIdentity who) {
    return store.inTransaction(s -> {
      Context pipelineCtx = s.contextByName(MetadataKeys.PIPELINE, pipeline)
          .orElseGet(() -> {
            long id = s.putContext(Context.create(MetadataKeys.PIPELINE, pipeline, Map.of()));
            return s.context(id).orElseThrow();
          });
      Map<String, Object> props = new HashMap<>();
      props.put(MetadataKeys.SPEC, specJson);
      props.put(MetadataKeys.SPEC_HASH, specHash);
      props.put(MetadataKeys.STATE, "RUNNING");
      props.put(MetadataKeys.RUNNER, backend);
      props.put(MetadataKeys.HOST, who.host());
      props.put(MetadataKeys.PID, who.pid());
      props.put(MetadataKeys.PID + "_start", who.startMillis());
      props.put(MetadataKeys.STARTED, System.currentTimeMillis());
      long runId = s.putContext(Context.create(MetadataKeys.RUN, runName, props));
      s.putParentContext(runId, pipelineCtx.id());
      return s.context(runId).orElseThrow();
    });
  }

  public void finishRun(long runContextId, boolean succeeded, String error) {
    finishRun(runContextId, succeeded ? "COMPLETE" : "FAILED", error, null, System.currentTimeMillis());
  }

  /**
   * Ends a run in {@code state} (COMPLETE, FAILED or CANCELED) at {@code endedMillis}, with its error
   * and the root cause's stack trace (both redacted; null when there is none). A run that already
   * ended keeps its first ending: a run cancelled by a signal is not turned FAILED by the work its
   * cancellation interrupted.
   */
  public void finishRun(long runContextId, String state, String error, String trace, long endedMillis) {
    store.inTransaction(s -> {
      Context run = s.context(runContextId).orElseThrow();
      if (!"RUNNING".equals(run.stringProperty(MetadataKeys.STATE))) {
        return null;
      }
      Map<String, Object> props = new HashMap<>(run.properties());
      props.put(MetadataKeys.STATE, state);
      props.put(MetadataKeys.ENDED, endedMillis);
      if (error != null) {
        props.put(MetadataKeys.ERROR, Redaction.apply(error));
      }
      if (trace != null) {
        props.put(MetadataKeys.ERROR_TRACE, Redaction.apply(trace));
      }
      s.putContext(run.withProperties(props));
      return null;
    });
  }

  /** Notes that the run's process is alive now, so a run whose process dies is given about the right end time. */
  public void heartbeat(long runContextId) {
    store.inTransaction(s -> {
      Context run = s.context(runContextId).orElseThrow();
      if ("RUNNING".equals(run.stringProperty(MetadataKeys.STATE))) {
        Map<String, Object> props = new HashMap<>(run.properties());
        props.put(MetadataKeys.ALIVE, System.currentTimeMillis());
        s.putContext(run.withProperties(props));
      }
      return null;
    });
  }

  /** A new execution in a state, associated with the run. */
  public long startExecution(long runContextId, String type, String step, Execution.State state, Map<String, Object> props) {
    return store.inTransaction(s -> {
      long id = s.putExecution(Execution.create(type, step, state, props));
      s.putAssociation(runContextId, id);
      return id;
    });
  }

  /**
   * Records a CACHED execution that reuses earlier outputs: INPUT events to what it would read, OUTPUT
   * events to the reused artifacts, all attributed to this run.
   */
  public long recordCached(long runContextId, String type, String step, Map<String, Object> props,
      Map<String, Long> inputArtifacts, Map<String, OutputArtifact> outputs) {
    return store.inTransaction(s -> {
      long id = s.putExecution(Execution.create(type, step, Execution.State.CACHED, props));
      s.putAssociation(runContextId, id);
      inputArtifacts.forEach((port, artifactId) -> s.putEvent(Event.input(artifactId, id, port)));
      outputs.forEach((port, a) -> {
        s.putEvent(Event.output(a.artifactId(), id, port));
        s.putAttribution(runContextId, a.artifactId());
      });
      return id;
    });
  }

  /**
   * Marks an execution COMPLETE: registers each committed output as an artifact, links inputs and
   * outputs with events and stores the final properties (cache key, input fingerprints, timing).
   *
   * @return port to the registered artifact
   */
  public Map<String, OutputArtifact> complete(long runContextId, long executionId, Map<String, Object> finalProps,
      Map<String, Long> inputArtifacts, Map<String, Manifest> outputs, String pipeline, String step, String format) {
    return store.inTransaction(s -> {
      Execution e = s.execution(executionId).orElseThrow();
      Map<String, Object> props = new HashMap<>(e.properties());
      props.putAll(finalProps);
      s.putExecution(e.withProperties(props).withState(Execution.State.COMPLETE));
      inputArtifacts.forEach((port, artifactId) -> s.putEvent(Event.input(artifactId, executionId, port)));
      Map<String, OutputArtifact> registered = new TreeMap<>();
      outputs.forEach((port, m) -> {
        Artifact a = Artifact.create(m.kind(), m.location(), pipeline + "/" + step + "/" + port, artifactProperties(m, pipeline, step, port, format));
        long artifactId = s.putArtifact(a);
        s.putEvent(Event.output(artifactId, executionId, port));
        s.putAttribution(runContextId, artifactId);
        registered.put(port, Planner.toOutput(a.withId(artifactId)));
      });
      return registered;
    });
  }

  public void fail(long executionId, String error, long elapsedMillis) {
    end(executionId, Execution.State.FAILED, error, null, elapsedMillis);
  }

  /** Marks a step FAILED with its error and the stack trace of the root cause (null when none). */
  public void fail(long executionId, String error, String trace, long elapsedMillis) {
    end(executionId, Execution.State.FAILED, error, trace, elapsedMillis);
  }

  /** Marks a step that a cancellation (SIGTERM, Ctrl-C) stopped before it finished. */
  public void cancel(long executionId, String reason, long elapsedMillis) {
    end(executionId, Execution.State.CANCELED, reason, null, elapsedMillis);
  }

  private void end(long executionId, Execution.State state, String error, String trace, long elapsedMillis) {
    store.inTransaction(s -> {
      Execution e = s.execution(executionId).orElseThrow();
      if (e.state() != Execution.State.RUNNING && e.state() != Execution.State.NEW) {
        return null; // already settled (e.g. cancelled by a signal while the job was failing)
      }
      Map<String, Object> props = new HashMap<>(e.properties());
      props.put(MetadataKeys.ERROR, error == null ? "unknown error" : Redaction.apply(error));
      if (trace != null) {
        props.put(MetadataKeys.ERROR_TRACE, Redaction.apply(trace));
      }
      props.put(MetadataKeys.ELAPSED_MS, elapsedMillis);
      s.putExecution(e.withProperties(props).withState(state));
      return null;
    });
  }

  private static Map<String, Object> artifactProperties(Manifest m, String pipeline, String step, String port, String format) {
    Map<String, Object> props = new HashMap<>();
    props.put(MetadataKeys.FINGERPRINT, m.fingerprint());
    props.put(MetadataKeys.RECORDS, m.records());
    props.put(MetadataKeys.FORMAT, m.isDocument() ? "json" : format);
    props.put(MetadataKeys.PRODUCER, pipeline + "/" + step + "/" + port);
    props.put(MetadataKeys.MANIFEST_SHA256, m.contentSha256()); // checked whenever the manifest is read again
    Map<String, Object> splits = new TreeMap<>();
    for (Manifest.SplitEntry sm : m.splits()) {
      Map<String, Object> one = new TreeMap<>();
      one.put(MetadataKeys.FINGERPRINT, sm.fingerprint());
      one.put(MetadataKeys.RECORDS, sm.records());
      splits.put(sm.name(), one);
    }
    props.put(MetadataKeys.SPLITS, CanonicalJson.ofValue(splits));
    return props;
  }

  /**
   * Records a step the planner found CACHED: its execution with the cache key, the reason and the
   * execution it reuses, linked to the artifacts its upstream steps settled on ({@code settled}).
   */
  /**
   * The properties every execution of a step has, cached or run: where it belongs (pipeline, step,
   * run), what identifies its work (partial key, implementation, config, external files) and why.
   */
  static Map<String, Object> stepProperties(ResolvedPipeline pipeline, String runName, StepPlan p) {
    String name = pipeline.spec().name();
    Map<String, Object> props = new HashMap<>();
    props.put(MetadataKeys.PIPELINE_NAME, name);
    props.put(MetadataKeys.STEP_REF, MetadataKeys.stepRef(name, p.step()));
    props.put(MetadataKeys.RUN_NAME, runName);
    props.put(MetadataKeys.PARTIAL_KEY, p.partialKey());
    props.put(MetadataKeys.IMPL, pipeline.step(p.step()).implementationFingerprint());
    props.put(MetadataKeys.CONFIG, CanonicalJson.of(pipeline.stepSpec(p.step()).config()));
    props.put(MetadataKeys.REASON, p.reason());
    if (p.external() != null) {
      props.put(MetadataKeys.EXTERNAL, p.external());
    }
    return props;
  }

  public long recordCachedStep(ResolvedPipeline pipeline, long runId, String runName, StepPlan p,
      Map<String, StepPlan> settled) {
    Map<String, Object> props = stepProperties(pipeline, runName, p);
    props.put(MetadataKeys.CACHE_KEY, p.cacheKey());
    props.put(MetadataKeys.INPUTS, CanonicalJson.ofValue(p.inputFingerprints()));
    props.put(MetadataKeys.CACHED_FROM, p.cachedFrom());
    props.put(MetadataKeys.BACKEND, "none");
    Map<String, Long> inputs = new TreeMap<>();
    for (Map.Entry<String, InputRef> e : pipeline.stepSpec(p.step()).inputs().entrySet()) {
      OutputArtifact a = settled.get(e.getValue().step()).outputs().get(e.getValue().port());
      inputs.put(e.getKey(), a.artifactId());
    }
    return recordCached(runId, pipeline.step(p.step()).type(), p.step(), props, inputs, p.outputs());
  }

  static List<Long> ids(Map<String, Long> m) {
    return List.copyOf(m.values());
  }
}
