package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.metadata.Execution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records a stage's lineage (the first and the last step of a stage): before its job is built, a RUNNING
 * execution per step with its planned output URIs and input sources — so a killed run can be recovered
 * — and after the job, each step COMPLETE with its artifacts and final cache key, or FAILED.
 */
final class StageRecorder {
  private final ResolvedPipeline pipeline;
  private final ArtifactStore artifacts;
  private final RunRecorder recorder;
  private final RunListener listener;
  private final long runContextId;
  private final String runName;
  private final ProcessIdentity who;

  StageRecorder(ResolvedPipeline pipeline, ArtifactStore artifacts, RunRecorder recorder, RunListener listener,
      long runContextId, String runName, ProcessIdentity who) {
    this.pipeline = pipeline;
    this.artifacts = artifacts;
    this.recorder = recorder;
    this.listener = listener;
    this.runContextId = runContextId;
    this.runName = runName;
    this.who = who;
  }

  /** A RUNNING execution per step of the stage, with where its outputs go and where its inputs come from. */
  StageExecutions begin(Stage stage, Map<String, StepPlan> plans, String backend) {
    String name = pipeline.spec().name();
    Map<String, Long> ids = new LinkedHashMap<>();
    Map<String, Map<String, String>> outputUris = new HashMap<>();
    Map<String, StepInputs> inputs = new HashMap<>();
    for (String step : stage.steps()) {
      StepSpec spec = pipeline.stepSpec(step);
      Map<String, Object> props = RunRecorder.stepProperties(pipeline, runName, plans.get(step));
      props.put(MetadataKeys.BACKEND, backend);
      props.put(MetadataKeys.HOST, who.host());
      props.put(MetadataKeys.PID, who.pid());
      props.put(MetadataKeys.PID + "_start", who.startMillis());
      long id = recorder.startExecution(runContextId, pipeline.step(step).type(), step, Execution.State.RUNNING, props);
      ids.put(step, id);
      Map<String, String> uris = new TreeMap<>();
      for (String port : pipeline.outputSplits().get(step).keySet()) {
        uris.put(port, artifacts.datasetUri(name, step, port, id));
      }
      outputUris.put(step, uris);
      Map<String, StepInputs.Source> sources = new TreeMap<>();
      spec.inputs().forEach((port, ref) -> {
        OutputArtifact up = plans.get(ref.step()).outputs().get(ref.port());
        String uri = up != null ? up.uri() : outputUris.get(ref.step()).get(ref.port());
        sources.put(port, new StepInputs.Source(uri, ref.split(), up != null ? up.artifactId() : 0));
      });
      inputs.put(step, new StepInputs(sources));
      Map<String, Object> more = new HashMap<>(props);
      more.put(MetadataKeys.PLANNED_OUTPUTS, CanonicalJson.ofValue(uris));
      more.put("input_sources", inputs.get(step).toJson());
      updateProperties(id, more);
    }
    return new StageExecutions(stage, backend, ids, outputUris, inputs);
  }

  /** Every step of a stage whose backend cannot be made: recorded FAILED, as a user error. */
  List<StepResult> unstartable(Stage stage, Map<String, StepPlan> plans, String error) {
    List<StepResult> results = new ArrayList<>();
    for (String step : stage.steps()) {
      Map<String, Object> props = RunRecorder.stepProperties(pipeline, runName, plans.get(step));
      props.put(MetadataKeys.BACKEND, stage.backend());
      long id = recorder.startExecution(runContextId, pipeline.step(step).type(), step, Execution.State.RUNNING, props);
      recorder.fail(id, error, 0);
      listener.stepFailed(step, 0, error);
      results.add(new StepResult(step, id, false, null, error, true));
    }
    return results;
  }

  /** Adds the runner's job id to each execution of the stage (kept with its other properties). */
  void recordJobId(String jobId, Collection<Long> executions) {
    if (jobId == null) {
      return;
    }
    for (long id : executions) {
      recorder.store().inTransaction(s -> {
        Execution e = s.execution(id).orElseThrow();
        Map<String, Object> props = new HashMap<>(e.properties());
        props.put(MetadataKeys.JOB_ID, jobId);
        s.putExecution(e.withProperties(props));
        return null;
      });
    }
  }

  /**
   * Why the stage's steps that did not commit failed: the failing step's own error, and for the others
   * which step stopped them.
   *
   * @param failedStep the step the failure is attributed to, or null when none is known
   * @param beforeJob the failure happened while the job was being built (nothing ran)
   * @param cause what was thrown, when known: its stack trace is recorded with the failing step
   */
  record Failure(String failedStep, String error, boolean beforeJob, boolean badInput, Throwable cause) {}

  /**
   * Settles every step of the stage after its job ended: COMPLETE with its committed outputs and its
   * final cache key (computed from the fingerprints in its inputs' manifests), or FAILED.
   *
   * @param failure why the job failed, or null when it ended DONE
   */
  List<StepResult> settle(StageExecutions stage, Map<String, StepPlan> plans, CommitWatcher commits, Failure failure) {
    List<StepResult> results = new ArrayList<>();
    Map<String, Long> registeredByUri = new HashMap<>();
    String culprit = null;
    for (String step : stage.steps()) {
      long id = stage.id(step);
      Map<String, Manifest> committed = failure != null && failure.beforeJob() ? null : commits.committed(step);
      long elapsed = commits.elapsed(step);
      String uncommittedInput = committed == null ? null : commits.uncommittedInput(step);
      if (uncommittedInput != null) {
        // Its outputs committed, but an input produced in this stage did not (the job failed between
        // the two commits): without that input's artifact its lineage cannot be recorded.
        committed = null;
      }
      if (committed == null) {
        String error;
        String trace = null;
        if (uncommittedInput != null) {
          error = "not completed: its input from step '" + uncommittedInput + "' was not committed";
        } else if (failure != null && failure.beforeJob()) {
          error = step.equals(failure.failedStep()) ? failure.error()
              : "not started: step '" + failure.failedStep() + "' of the same stage failed before the job started";
          trace = step.equals(failure.failedStep()) ? traceOf(failure) : null;
        } else if (failure == null) {
          error = "the job finished but the step's outputs were not committed";
        } else if (culprit == null) {
          // The job does not say which transform threw; the first step of the stage that did not
          // commit is the one whose inputs were all there, so the failure is reported there.
          culprit = step;
          error = failure.error();
          trace = traceOf(failure);
        } else {
          error = "not completed: the Beam job of its stage failed (see step '" + culprit + "')";
        }
        recorder.fail(id, error, trace, elapsed);
        listener.stepFailed(step, elapsed, error);
        results.add(new StepResult(step, id, false, null, error, failure != null && failure.badInput()));
        continue;
      }
      StepInputs in = stage.inputs().get(step);
      Map<String, String> fingerprints = in.fingerprints(artifacts);
      Map<String, Long> inputArtifacts = new TreeMap<>();
      in.ports().forEach((port, src) -> inputArtifacts.put(port, src.artifactId() != 0 ? src.artifactId() : registeredByUri.get(src.uri())));
      StepPlan plan = plans.get(step);
      String cacheKey = Planner.cacheKey(plan.partialKey(), fingerprints);
      Map<String, Object> props = new HashMap<>();
      props.put(MetadataKeys.CACHE_KEY, cacheKey);
      props.put(MetadataKeys.INPUTS, CanonicalJson.ofValue(fingerprints));
      props.put(MetadataKeys.ELAPSED_MS, elapsed);
      Map<String, OutputArtifact> outs = recorder.complete(runContextId, id, props, inputArtifacts, committed,
          pipeline.spec().name(), step, pipeline.stepSpec(step).format());
      outs.values().forEach(a -> registeredByUri.put(a.uri(), a.artifactId()));
      if (!commits.reported(step)) {
        listener.stepCompleted(step, elapsed, CommitWatcher.records(committed));
      }
      StepPlan settled = new StepPlan(step, Decision.RUN, plan.reason(), cacheKey, plan.partialKey(), fingerprints,
          plan.external(), 0, outs);
      results.add(new StepResult(step, id, true, settled, null, false));
    }
    return results;
  }

  private static String traceOf(Failure failure) {
    return failure.cause() == null ? null : Redaction.stackTrace(failure.cause());
  }

  private void updateProperties(long executionId, Map<String, Object> props) {
    recorder.store().inTransaction(s -> {
      Execution e = s.execution(executionId).orElseThrow();
      s.putExecution(e.withProperties(props));
      return null;
    });
  }
}
