package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.step.ResolvedPipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;

/**
 * Runs one {@link Stage} as one Beam job, in four steps a reader can follow: record a RUNNING execution
 * per step ({@link StageRecorder#begin}), compile the steps into one Beam pipeline
 * ({@link StageCompiler}), launch and follow the job while reporting each step as soon as its outputs
 * are committed ({@link JobLauncher}, {@link CommitWatcher}), and record every step COMPLETE or FAILED
 * ({@link StageRecorder#settle}). Steps whose outputs committed before a failure stay COMPLETE and
 * reusable.
 */
final class StageRunner {
  private final ResolvedPipeline pipeline;
  private final ArtifactStore artifacts;
  private final RunBackends backends;
  private final RunListener listener;
  private final String runName;
  private final StageRecorder recorder;
  private final StageCompiler compiler;
  private final JobLauncher launcher = new JobLauncher();

  StageRunner(ResolvedPipeline pipeline, ArtifactStore artifacts, RunRecorder recorder, RunBackends backends,
      RunListener listener, Path projectDir, long runContextId, String runName, ProcessIdentity who) {
    this.pipeline = pipeline;
    this.artifacts = artifacts;
    this.backends = backends;
    this.listener = listener;
    this.runName = runName;
    this.recorder = new StageRecorder(pipeline, artifacts, recorder, listener, runContextId, runName, who);
    this.compiler = new StageCompiler(pipeline, artifacts, projectDir);
  }

  /** Runs the stage; {@code plans} holds every step's plan (settled upstream steps carry their outputs). */
  List<StepResult> run(Stage stage, Map<String, StepPlan> plans) {
    Backend backend;
    try {
      backend = backends.forStage(stage);
    } catch (RuntimeException e) {
      return recorder.unstartable(stage, plans, Errors.message(e));
    }
    StageExecutions executions = recorder.begin(stage, plans, backend.name());

    long start = System.currentTimeMillis();
    Pipeline beam = backend.newPipeline(pipeline.spec().name() + "-" + runName + "-stage" + stage.index(), runName);
    StageCompiler.Compiled compiled = compiler.compile(beam, executions, plans);
    CommitWatcher commits = new CommitWatcher(artifacts, listener, executions, start);
    if (!compiled.ok()) {
      return recorder.settle(executions, plans, commits,
          new StageRecorder.Failure(compiled.failedStep(), compiled.error(), true, compiled.badInput(), null));
    }

    listener.stageStarted(stage);
    JobLauncher.JobEnd end = launcher.launch(backend, compiled.beam(), new JobLauncher.Watcher() {
      @Override
      public void started(String jobId) {
        recorder.recordJobId(jobId, executions.ids().values());
      }

      @Override
      public void polled() {
        commits.poll();
      }
    });
    StageRecorder.Failure failure = end.succeeded() ? null : new StageRecorder.Failure(null, end.error(), false, end.badInput(), end.cause());
    return recorder.settle(executions, plans, commits, failure);
  }
}
