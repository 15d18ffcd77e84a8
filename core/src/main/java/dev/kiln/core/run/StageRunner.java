package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetFormat;
import dev.kiln.core.artifact.DatasetReader;
import dev.kiln.core.artifact.DatasetWriter;
import dev.kiln.core.artifact.DocumentReader;
import dev.kiln.core.artifact.DocumentWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.artifact.OutputTarget;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.spec.BadInput;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.InputRef;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.metadata.Execution;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs one {@link Stage} as one Beam job: creates a RUNNING execution per step, compiles the steps
 * into one pipeline (inputs from earlier stages are read from their committed artifacts, inputs from
 * the same stage are passed as PCollections), starts it, reports each step as soon as its outputs are
 * committed, and records every step COMPLETE or FAILED. Steps whose outputs committed before a failure
 * stay COMPLETE and reusable.
 */
final class StageRunner {
  private static final long POLL_MILLIS = 250;

  private final ResolvedPipeline pipeline;
  private final ArtifactStore artifacts;
  private final RunRecorder recorder;
  private final RunBackends backends;
  private final RunListener listener;
  private final Path projectDir;
  private final long runContextId;
  private final String runName;
  private final ProcessIdentity who;
  /** The exception the last job failed with (its stack trace is recorded with the failing step), or null. */
  private Throwable jobCause;

  StageRunner(ResolvedPipeline pipeline, ArtifactStore artifacts, RunRecorder recorder, RunBackends backends,
      RunListener listener, Path projectDir, long runContextId, String runName, ProcessIdentity who) {
    this.pipeline = pipeline;
    this.artifacts = artifacts;
    this.recorder = recorder;
    this.backends = backends;
    this.listener = listener;
    this.projectDir = projectDir;
    this.runContextId = runContextId;
    this.runName = runName;
    this.who = who;
  }

  /** The result of one step of the stage. */
  record StepResult(String step, long executionId, boolean complete, StepPlan settled, String error, boolean badInput) {}

  /**
   * Runs the stage; {@code plans} holds every step's plan (settled upstream steps carry their outputs).
   */
  List<StepResult> run(Stage stage, Map<String, StepPlan> plans) {
    String name = pipeline.spec().name();
    Backend backend;
    try {
      backend = backends.forStage(stage);
    } catch (RuntimeException e) {
      return unstartable(stage, plans, message(e));
    }
    Map<String, Long> executionIds = new LinkedHashMap<>();
    Map<String, Map<String, String>> outputUris = new HashMap<>();
    Map<String, StepInputs> inputs = new HashMap<>();
    for (String step : stage.steps()) {
      StepSpec spec = pipeline.stepSpec(step);
      StepPlan plan = plans.get(step);
      Map<String, Object> props = RunRecorder.stepProperties(pipeline, runName, plan);
      props.put(MetadataKeys.BACKEND, backend.name());
      props.put(MetadataKeys.HOST, who.host());
      props.put(MetadataKeys.PID, who.pid());
      props.put(MetadataKeys.PID + "_start", who.startMillis());
      long id = recorder.startExecution(runContextId, pipeline.step(step).type(), step, Execution.State.RUNNING, props);
      executionIds.put(step, id);
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

    long start = System.currentTimeMillis();
    Map<String, String> expandErrors = new LinkedHashMap<>();
    boolean badInput = false;
    Pipeline beam = backend.newPipeline(name + "-" + runName + "-stage" + stage.index(), runName);
    Map<String, Map<String, PortValue>> values = new HashMap<>();
    for (String step : stage.steps()) {
      try {
        values.put(step, expand(beam, step, plans, values, outputUris.get(step), executionIds.get(step)));
      } catch (RuntimeException e) {
        expandErrors.put(step, message(e));
        badInput = BadInput.in(e);
        break;
      }
    }

    String jobError = null;
    Throwable jobCause = null;
    Map<String, Long> reported = new HashMap<>();
    if (expandErrors.isEmpty()) {
      try {
        listener.stageStarted(stage);
        PipelineResult result = backend.start(beam);
        recordJobId(backend.jobId(result), executionIds.values());
        while (!result.getState().isTerminal()) {
          reportCommitted(stage, outputUris, start, reported);
          result.waitUntilFinish(org.joda.time.Duration.millis(POLL_MILLIS));
        }
        // once more without a limit: a runner that ended FAILED throws its cause from here
        PipelineResult.State end = result.waitUntilFinish();
        if (end != PipelineResult.State.DONE) {
          jobError = backend.failureMessage(result);
        }
      } catch (RuntimeException e) {
        jobError = message(e);
        jobCause = e;
        badInput = BadInput.in(e);
      }
    }
    this.jobCause = jobCause;
    return settle(stage, plans, executionIds, outputUris, inputs, start, expandErrors, jobError, badInput, reported);
  }

  /** Every step of a stage whose backend cannot be made: recorded FAILED, as a user error. */
  private List<StepResult> unstartable(Stage stage, Map<String, StepPlan> plans, String error) {
    List<StepResult> results = new java.util.ArrayList<>();
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

  private Map<String, PortValue> expand(Pipeline beam, String step, Map<String, StepPlan> plans,
      Map<String, Map<String, PortValue>> values, Map<String, String> uris, long executionId) {
    StepSpec spec = pipeline.stepSpec(step);
    Map<String, PortValue> in = new TreeMap<>();
    for (Map.Entry<String, InputRef> e : spec.inputs().entrySet()) {
      InputRef ref = e.getValue();
      PortValue value;
      if (values.containsKey(ref.step())) {
        value = values.get(ref.step()).get(ref.port());
      } else {
        OutputArtifact a = plans.get(ref.step()).outputs().get(ref.port());
        Manifest m = artifacts.readManifest(a.uri())
            .orElseThrow(() -> new IllegalStateException("input " + a.uri() + " is no longer committed"));
        if (m.isDocument()) {
          value = DocumentReader.read(beam, step + "/read-" + e.getKey(), m);
        } else {
          Set<String> splits = ref.split() == null ? Set.copyOf(m.splitNames()) : Set.of(ref.split());
          value = DatasetReader.read(beam, step + "/read-" + e.getKey(), m, splits);
        }
      }
      if (ref.split() != null) {
        value = DatasetRows.of(((DatasetRows) value).split(ref.split()));
      }
      in.put(e.getKey(), value);
    }
    Step impl = pipeline.step(step);
    Map<String, PortValue> out = impl.expand(new StepContext(beam, step, projectDir, pipeline.source()), in);
    for (Map.Entry<String, String> port : uris.entrySet()) {
      PortValue value = out.get(port.getKey());
      if (value == null) {
        throw new IllegalStateException("step produced no output '" + port.getKey() + "'");
      }
      String kind = impl.outputKind(port.getKey());
      if (!kind.equals(value.kind())) {
        throw new IllegalStateException("step produced a " + value.kind() + " for output '" + port.getKey() + "', which is declared a " + kind);
      }
      OutputTarget target = new OutputTarget(port.getValue(), DatasetFormat.of(spec.format()), pipeline.spec().name(), step, port.getKey(), executionId);
      if (value instanceof Document doc) {
        DocumentWriter.write(doc, target);
      } else {
        DatasetWriter.write((DatasetRows) value, target);
      }
    }
    return out;
  }

  private void reportCommitted(Stage stage, Map<String, Map<String, String>> outputUris, long start, Map<String, Long> reported) {
    for (String step : stage.steps()) {
      if (reported.containsKey(step)) {
        continue;
      }
      Map<String, Manifest> committed = committed(outputUris.get(step));
      // Reported only after the steps it reads from in this stage: a step's own outputs may commit
      // first, and it is COMPLETE only with its inputs committed.
      if (committed != null && uncommittedInput(stage, step, reported.keySet()) == null) {
        long elapsed = System.currentTimeMillis() - start;
        reported.put(step, elapsed);
        listener.stepCompleted(step, elapsed, records(committed));
      }
    }
  }

  /** The first step of the stage that {@code step} reads from and that has not committed, or null. */
  private String uncommittedInput(Stage stage, String step, Map<String, Map<String, String>> outputUris) {
    for (InputRef ref : pipeline.stepSpec(step).inputs().values()) {
      if (stage.steps().contains(ref.step()) && committed(Map.of(ref.port(), outputUris.get(ref.step()).get(ref.port()))) == null) {
        return ref.step();
      }
    }
    return null;
  }

  /** The same, judged by the steps already reported committed. */
  private String uncommittedInput(Stage stage, String step, Set<String> reported) {
    for (InputRef ref : pipeline.stepSpec(step).inputs().values()) {
      if (stage.steps().contains(ref.step()) && !reported.contains(ref.step())) {
        return ref.step();
      }
    }
    return null;
  }

  /** Every port's manifest, or null while any is missing. */
  private Map<String, Manifest> committed(Map<String, String> uris) {
    Map<String, Manifest> out = new TreeMap<>();
    for (Map.Entry<String, String> e : uris.entrySet()) {
      Optional<Manifest> m = artifacts.readManifest(e.getValue());
      if (m.isEmpty()) {
        return null;
      }
      out.put(e.getKey(), m.get());
    }
    return out;
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

  private List<StepResult> settle(Stage stage, Map<String, StepPlan> plans, Map<String, Long> executionIds,
      Map<String, Map<String, String>> outputUris, Map<String, StepInputs> inputs, long start,
      Map<String, String> expandErrors, String jobError, boolean badInput, Map<String, Long> reported) {
    List<StepResult> results = new java.util.ArrayList<>();
    Map<String, Long> registeredByUri = new HashMap<>();
    String culprit = null;
    for (String step : stage.steps()) {
      long id = executionIds.get(step);
      Map<String, Manifest> committed = expandErrors.isEmpty() ? committed(outputUris.get(step)) : null;
      long elapsed = reported.getOrDefault(step, System.currentTimeMillis() - start);
      String uncommittedInput = committed == null ? null : uncommittedInput(stage, step, outputUris);
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
        } else if (!expandErrors.isEmpty()) {
          error = expandErrors.getOrDefault(step, "not started: step '" + expandErrors.keySet().iterator().next()
              + "' of the same stage failed before the job started");
        } else if (jobError == null) {
          error = "the job finished but the step's outputs were not committed";
        } else if (culprit == null) {
          // The job does not say which transform threw; the first step of the stage that did not
          // commit is the one whose inputs were all there, so the failure is reported there.
          culprit = step;
          error = jobError;
          trace = jobCause == null ? null : Redaction.stackTrace(jobCause);
        } else {
          error = "not completed: the Beam job of its stage failed (see step '" + culprit + "')";
        }
        recorder.fail(id, error, trace, elapsed);
        listener.stepFailed(step, elapsed, error);
        results.add(new StepResult(step, id, false, null, error, badInput));
        continue;
      }
      StepInputs in = inputs.get(step);
      Map<String, String> fingerprints = in.fingerprints(artifacts);
      Map<String, Long> inputArtifacts = new TreeMap<>();
      in.ports().forEach((port, src) -> inputArtifacts.put(port, src.artifactId() != 0 ? src.artifactId() : registeredByUri.get(src.uri())));
      StepPlan plan = plans.get(step);
      Map<String, Object> props = new HashMap<>();
      props.put(MetadataKeys.CACHE_KEY, Planner.cacheKey(plan.partialKey(), fingerprints));
      props.put(MetadataKeys.INPUTS, CanonicalJson.ofValue(fingerprints));
      props.put(MetadataKeys.ELAPSED_MS, elapsed);
      Map<String, OutputArtifact> outs = recorder.complete(runContextId, id, props, inputArtifacts, committed,
          pipeline.spec().name(), step, pipeline.stepSpec(step).format());
      outs.values().forEach(a -> registeredByUri.put(a.uri(), a.artifactId()));
      if (!reported.containsKey(step)) {
        listener.stepCompleted(step, elapsed, records(committed));
      }
      StepPlan settled = new StepPlan(step, Decision.RUN, plan.reason(), (String) props.get(MetadataKeys.CACHE_KEY),
          plan.partialKey(), fingerprints, plan.external(), 0, outs);
      results.add(new StepResult(step, id, true, settled, null, false));
    }
    return results;
  }

  /** Adds the runner's job id to each execution of the stage (kept with its other properties). */
  private void recordJobId(String jobId, java.util.Collection<Long> executions) {
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

  private void updateProperties(long executionId, Map<String, Object> props) {
    recorder.store().inTransaction(s -> {
      Execution e = s.execution(executionId).orElseThrow();
      s.putExecution(e.withProperties(props));
      return null;
    });
  }

  /** The most useful line of an exception chain: the deepest message that is not a wrapper's. */
  static String message(Throwable e) {
    Throwable t = e;
    String best = e.toString();
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t instanceof IllegalArgumentException || t instanceof IllegalStateException || t.getClass().getName().startsWith("dev.kiln")
            ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    String firstLine = best.lines().findFirst().orElse(best);
    return firstLine.length() > 500 ? firstLine.substring(0, 500) + "…" : firstLine;
  }
}
