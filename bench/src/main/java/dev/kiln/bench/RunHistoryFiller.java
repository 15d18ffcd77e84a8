package dev.kiln.bench;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.project.KilnProject;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.ProcessIdentity;
import dev.kiln.core.run.RunRecorder;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.MetadataStore;
import java.nio.file.Path;

/**
 * Gives a project the history of many fully cached runs of a pipeline, recorded the way the
 * orchestrator records a cached run (a run context under the pipeline context; per step a CACHED
 * execution with the same properties, INPUT/OUTPUT events to the reused artifacts, association and
 * attributions; the run finished COMPLETE) — through {@link RunRecorder}, all in one transaction.
 * The pipeline must have run once already, so that every step plans CACHED.
 */
public final class RunHistoryFiller {
  private RunHistoryFiller() {}

  /**
   * Adds {@code runs} cached runs of {@code pipelineFile} to the project's metadata store.
   *
   * @throws BenchException when a step of the pipeline is not cached (run it once first)
   */
  public static void addCachedRuns(Path projectDir, Path pipelineFile, int runs) {
    KilnProject project = KilnProject.find(projectDir)
        .orElseThrow(() -> new BenchException("no Kiln project at " + projectDir));
    ResolvedPipeline pipeline = new PipelineResolver(StepRegistry.standard())
        .resolve(YamlSpecLoader.load(pipelineFile), pipelineFile.toString());
    try (MetadataStore store = MetadataStore.open(project.metadataUrl(), project.metadataUser(), project.metadataPassword())) {
      ArtifactStore artifacts = ArtifactStore.at(project.artifactRoot());
      Plan plan = Orchestrator.plan(store, artifacts, project.dir(), pipeline);
      for (StepPlan p : plan.steps().values()) {
        if (p.decision() != Decision.CACHED) {
          throw new BenchException(pipelineFile + ": step '" + p.step() + "' is " + p.decision()
              + " (" + p.reason() + "); run the pipeline once before adding cached runs");
        }
      }
      RunRecorder recorder = new RunRecorder(store);
      ProcessIdentity who = ProcessIdentity.current();
      String name = pipeline.spec().name();
      store.inTransaction(s -> {
        for (int r = 0; r < runs; r++) {
          recordCachedRun(recorder, pipeline, plan, String.format("%s-bench-%06d", name, r), who);
        }
        return null;
      });
    }
  }

  /** Records one fully cached run of {@code pipeline} from its all-CACHED {@code plan}, as the orchestrator does. */
  public static void recordCachedRun(RunRecorder recorder, ResolvedPipeline pipeline, Plan plan, String runName, ProcessIdentity who) {
    String name = pipeline.spec().name();
    Context run = recorder.startRun(name, runName, pipeline.spec().canonicalJson(), pipeline.spec().hash(), "direct", who);
    for (String step : pipeline.order()) {
      recorder.recordCachedStep(pipeline, run.id(), runName, plan.steps().get(step), plan.steps()); // as the orchestrator does
    }
    recorder.finishRun(run.id(), true, null);
  }

}
