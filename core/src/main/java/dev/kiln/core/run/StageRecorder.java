package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.MetadataKeys;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.metadata.Execution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records a stage before its job is built (the first step of a stage): a RUNNING execution per step with
 * its planned output URIs and input sources, so a killed run can be recovered. {@link StageRecord}
 * records how each step ended.
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
      String folder = ArtifactStore.newFolderName(id); // unique beyond the id: ids repeat after a lost store
      for (String port : pipeline.outputSplits().get(step).keySet()) {
        uris.put(port, artifacts.datasetUri(name, step, port, folder));
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

  private void updateProperties(long executionId, Map<String, Object> props) {
    recorder.store().inTransaction(s -> {
      Execution e = s.execution(executionId).orElseThrow();
      s.putExecution(e.withProperties(props));
      return null;
    });
  }
}
