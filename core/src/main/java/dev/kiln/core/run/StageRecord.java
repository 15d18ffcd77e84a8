package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.InputRef;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.Execution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lineage of one running stage, written as its job goes: each step is recorded as soon as all its
 * outputs are committed (and the steps of the same stage it reads are recorded), and reported to the
 * listener then, so what the console says and what the store holds are the same. When the job has
 * ended, {@link #finish} records the steps that did not commit as FAILED.
 *
 * <p>A step planned {@link Decision#RUN_OR_REUSE} ran in the job because an upstream reran. Once its
 * inputs are committed its full cache key is known; when an earlier COMPLETE execution has that key
 * and intact outputs, the step's execution is recorded CACHED from it (OUTPUT events to the earlier
 * artifacts), its fresh copy is deleted, and the steps after it read, in lineage, the earlier
 * artifacts — with the same fingerprints, so their keys match the earlier ones too.
 */
final class StageRecord {
  private final ResolvedPipeline pipeline;
  private final ArtifactStore artifacts;
  private final RunRecorder recorder;
  private final Planner planner;
  private final RunListener listener;
  private final long runContextId;
  private final StageExecutions stage;
  private final Map<String, StepPlan> plans;
  private final Map<String, StepResult> results = new LinkedHashMap<>();
  /** Artifact URI written in this stage to the artifact id that stands for it in lineage. */
  private final Map<String, Long> artifactByUri = new HashMap<>();
  /** Step to the instant its outputs were committed, for the per-step time. */
  private final Map<String, Instant> committedAt = new HashMap<>();
  /** Copies made in this job of outputs that an earlier execution already holds: deleted at the end. */
  private final List<String> duplicates = new ArrayList<>();
  private Instant jobStart;

  StageRecord(ResolvedPipeline pipeline, ArtifactStore artifacts, RunRecorder recorder, Planner planner, RunListener listener,
      long runContextId, StageExecutions stage, Map<String, StepPlan> plans) {
    this.pipeline = pipeline;
    this.artifacts = artifacts;
    this.recorder = recorder;
    this.planner = planner;
    this.listener = listener;
    this.runContextId = runContextId;
    this.stage = stage;
    this.plans = plans;
    this.jobStart = Instant.now();
  }

  StageExecutions executions() {
    return stage;
  }

  /** The job was started: times are counted from now, and the runner's job id is kept with every execution. */
  void jobStarted(Instant at, String jobId) {
    jobStart = at;
    if (jobId == null) {
      return;
    }
    for (long id : stage.ids().values()) {
      recorder.store().inTransaction(s -> {
        Execution e = s.execution(id).orElseThrow();
        Map<String, Object> props = new HashMap<>(e.properties());
        props.put(MetadataKeys.JOB_ID, jobId);
        s.putExecution(e.withProperties(props));
        return null;
      });
    }
  }

  /** Records (and reports) every step that committed since the last call, in the stage's order. */
  void recordCommitted() {
    for (String step : stage.steps()) {
      if (results.containsKey(step) || !upstreamsRecorded(step)) {
        continue;
      }
      Map<String, Manifest> committed = committed(step);
      if (committed != null && inputsCommitted(step)) {
        results.put(step, complete(step, committed));
      }
    }
  }

  /**
   * Settles the stage after its job ended: records the steps that committed last, then every other
   * step FAILED — the one the failure is attributed to with its error, the others stopped by it.
   *
   * @param failure why the job failed, or null when it ended DONE
   */
  List<StepResult> finish(StageFailure failure) {
    if (failure == null || !failure.beforeJob()) {
      recordCommitted();
    }
    String culprit = null;
    if (failure != null) {
      culprit = failure.suspects().stream().filter(s -> !results.containsKey(s)).findFirst()
          .orElseGet(() -> stage.steps().stream().filter(s -> !results.containsKey(s)).findFirst().orElse(null));
    }
    for (String step : stage.steps()) {
      if (results.containsKey(step)) {
        continue;
      }
      String error;
      if (failure == null) {
        error = "the job finished but the step's outputs were not committed";
      } else if (step.equals(culprit)) {
        error = failure.error();
      } else if (failure.beforeJob()) {
        error = "not started: step '" + culprit + "' of the same stage failed before the job started";
      } else {
        error = "stopped: step '" + culprit + "' failed";
      }
      long elapsed = elapsedUntil(step, Instant.now());
      String trace = failure != null && step.equals(culprit) && failure.cause() != null ? Redaction.stackTrace(failure.cause()) : null;
      recorder.fail(stage.id(step), error, trace, elapsed);
      listener.stepFailed(step, elapsed, error);
      results.put(step, new StepResult(step, stage.id(step), false, null, error, failure != null && failure.badInput()));
    }
    duplicates.forEach(UnusedOutput::delete);
    List<StepResult> ordered = new ArrayList<>();
    stage.steps().forEach(s -> ordered.add(results.get(s)));
    return ordered;
  }

  private StepResult complete(String step, Map<String, Manifest> committed) {
    long id = stage.id(step);
    Instant at = committed.values().stream().map(StageRecord::committedAt).max(Instant::compareTo).orElse(Instant.now());
    long elapsed = elapsedUntil(step, at);
    committedAt.put(step, at);
    StepInputs in = stage.inputs().get(step);
    Map<String, String> fingerprints = in.fingerprints(artifacts);
    Map<String, Long> inputArtifacts = new TreeMap<>();
    in.ports().forEach((port, src) -> inputArtifacts.put(port, src.artifactId() != 0 ? src.artifactId() : artifactByUri.get(src.uri())));
    StepPlan plan = plans.get(step);
    String cacheKey = Planner.cacheKey(plan.partialKey(), fingerprints);

    Optional<Planner.Reusable> earlier = plan.decision() == Decision.RUN_OR_REUSE
        ? planner.reusable(cacheKey, committed.keySet()) : Optional.empty();
    if (earlier.isPresent()) {
      Planner.Reusable e = earlier.get();
      String reason = "input unchanged: result of run " + e.runName() + " kept";
      linkEarlier(id, cacheKey, fingerprints, elapsed, reason, e, inputArtifacts);
      committed.forEach((port, m) -> {
        String uri = stage.outputUris().get(step).get(port);
        artifactByUri.put(uri, e.outputs().get(port).artifactId());
        duplicates.add(uri);
      });
      StepPlan settled = new StepPlan(step, Decision.CACHED, reason, cacheKey, plan.partialKey(), fingerprints,
          plan.external(), e.executionId(), e.outputs());
      listener.stepReused(settled, elapsed, Orchestrator.records(e.outputs()));
      return new StepResult(step, id, true, settled, null, false);
    }

    Map<String, Object> props = new HashMap<>();
    props.put(MetadataKeys.CACHE_KEY, cacheKey);
    props.put(MetadataKeys.INPUTS, CanonicalJson.ofValue(fingerprints));
    props.put(MetadataKeys.ELAPSED_MS, elapsed);
    Map<String, OutputArtifact> outs = recorder.complete(runContextId, id, props, inputArtifacts, committed,
        pipeline.spec().name(), step, pipeline.stepSpec(step).format());
    outs.values().forEach(a -> artifactByUri.put(a.uri(), a.artifactId()));
    listener.stepCompleted(step, elapsed, records(committed));
    StepPlan settled = new StepPlan(step, Decision.RUN, plan.reason(), cacheKey, plan.partialKey(), fingerprints,
        plan.external(), 0, outs);
    return new StepResult(step, id, true, settled, null, false);
  }

  /**
   * Turns the step's RUNNING execution into a CACHED one that stands for the earlier execution: its
   * final cache key and input fingerprints, {@code cached_from}, INPUT events to what it read and OUTPUT
   * events to the earlier artifacts, attributed to this run — what a step the planner found CACHED has.
   */
  private void linkEarlier(long id, String cacheKey, Map<String, String> fingerprints, long elapsed, String reason,
      Planner.Reusable earlier, Map<String, Long> inputArtifacts) {
    recorder.store().inTransaction(s -> {
      Execution e = s.execution(id).orElseThrow();
      Map<String, Object> props = new HashMap<>(e.properties());
      props.put(MetadataKeys.CACHE_KEY, cacheKey);
      props.put(MetadataKeys.INPUTS, CanonicalJson.ofValue(fingerprints));
      props.put(MetadataKeys.ELAPSED_MS, elapsed);
      props.put(MetadataKeys.CACHED_FROM, earlier.executionId());
      props.put(MetadataKeys.REASON, reason);
      s.putExecution(e.withProperties(props).withState(Execution.State.CACHED));
      inputArtifacts.forEach((port, artifactId) -> s.putEvent(Event.input(artifactId, id, port)));
      earlier.outputs().forEach((port, a) -> {
        s.putEvent(Event.output(a.artifactId(), id, port));
        s.putAttribution(runContextId, a.artifactId());
      });
      return null;
    });
  }

  /**
   * A step's own time: to {@code end} from the last commit, before {@code end}, of an input produced in
   * this job, or else from the job's start. In a fused job the steps run at once, so the stage's clock
   * would say nothing about which step is slow; a step may even commit before its upstream does (a
   * statistics document before the dataset it summarizes), and is then timed from the job's start.
   */
  private long elapsedUntil(String step, Instant end) {
    Instant from = jobStart;
    for (InputRef ref : pipeline.stepSpec(step).inputs().values()) {
      Instant up = committedAt.get(ref.step());
      if (up != null && up.isAfter(from) && up.isBefore(end)) {
        from = up;
      }
    }
    return Math.max(0, end.toEpochMilli() - from.toEpochMilli());
  }

  private boolean upstreamsRecorded(String step) {
    for (InputRef ref : pipeline.stepSpec(step).inputs().values()) {
      if (stage.ids().containsKey(ref.step()) && !results.containsKey(ref.step())) {
        return false;
      }
    }
    return true;
  }

  private boolean inputsCommitted(String step) {
    return stage.inputs().get(step).ports().values().stream().allMatch(src -> artifacts.readManifest(src.uri()).isPresent());
  }

  /** Every output port's manifest, or null while any is missing. */
  private Map<String, Manifest> committed(String step) {
    Map<String, Manifest> out = new TreeMap<>();
    for (Map.Entry<String, String> e : stage.outputUris().get(step).entrySet()) {
      Optional<Manifest> m = artifacts.readManifest(e.getValue());
      if (m.isEmpty()) {
        return null;
      }
      out.put(e.getKey(), m.get());
    }
    return out;
  }

  private static Instant committedAt(Manifest m) {
    try {
      return Instant.parse(m.committedAt());
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }

  static Map<String, PortCounts> records(Map<String, Manifest> manifests) {
    Map<String, PortCounts> r = new TreeMap<>();
    manifests.forEach((port, m) -> {
      Map<String, Long> splits = new TreeMap<>();
      m.splits().stream().filter(s -> !s.name().isEmpty()).forEach(s -> splits.put(s.name(), s.records()));
      r.put(port, new PortCounts(m.records(), new TreeMap<>(splits), m.kind()));
    });
    return r;
  }
}
