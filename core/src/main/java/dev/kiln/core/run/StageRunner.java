package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetWriter;
import dev.kiln.core.plan.IntegrityCheck;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.step.ResolvedPipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs one {@link Stage} as one Beam job, in four steps a reader can follow: record a RUNNING execution
 * per step ({@link StageRecorder#begin}), compile the steps into one Beam pipeline
 * ({@link StageCompiler}), launch and follow the job while reporting each step as soon as its outputs
 * are committed ({@link JobLauncher}), and record every step COMPLETE or FAILED
 * ({@link StageRecord}). Steps whose outputs committed before a failure stay COMPLETE and
 * reusable.
 */
final class StageRunner {
  private final ResolvedPipeline pipeline;
  private final ArtifactStore artifacts;
  private final RunBackends backends;
  private final RunListener listener;
  private final String runName;
  private final StageRecorder recorder;
  private final RunRecorder runRecorder;
  private final Planner planner;
  private final long runContextId;
  private final StageCompiler compiler;
  private final JobLauncher launcher = new JobLauncher();

  StageRunner(ResolvedPipeline pipeline, ArtifactStore artifacts, RunRecorder recorder, RunBackends backends,
      RunListener listener, Path projectDir, long runContextId, String runName, ProcessIdentity who) {
    this.pipeline = pipeline;
    this.artifacts = artifacts;
    this.backends = backends;
    this.listener = listener;
    this.runName = runName;
    this.runRecorder = recorder;
    this.runContextId = runContextId;
    this.planner = new Planner(recorder.store(), artifacts, projectDir);
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
    StageRecord record = new StageRecord(pipeline, artifacts, runRecorder, planner, listener, runContextId, executions, plans);

    Pipeline beam = backend.newPipeline(pipeline.spec().name() + "-" + runName + "-stage" + stage.index(), runName);
    SourcesAtOnce.whenRowsWait(beam.getOptions(), stage.steps().stream().map(pipeline::step).toList());
    StageCompiler.Compiled compiled = compiler.compile(beam, executions, plans);
    if (!compiled.ok()) {
      return record.finish(namingDamagedInput(executions,
          StageFailure.whileCompiling(compiled.failedStep(), compiled.error(), compiled.badInput())));
    }

    listener.stageStarted(stage);
    JobLauncher.JobEnd end = launcher.launch(backend, compiled.beam(), new JobLauncher.Watcher() {
      @Override
      public void started(Instant at, String jobId) {
        record.jobStarted(at, jobId);
      }

      @Override
      public void polled() {
        record.recordCommitted();
      }

      @Override
      public void succeeded(PipelineResult result) {
        // doubles written to TFRecord lose precision as float32: one warning per step and column
        DatasetWriter.float32Losses(result).forEach(loss -> listener.stepWarning(loss.step(), loss.message()));
      }
    });
    return record.finish(end.succeeded() ? null
        : namingDamagedInput(executions,
            StageFailure.ofJob(FailingStep.of(end.cause(), pipeline, stage.steps()), end.error(), end.badInput(), end.cause())));
  }

  /**
   * A stage that failed while reading a damaged stored input (a decompression error, say) would otherwise
   * report the codec's message with no file named: check the stored inputs it read against their
   * manifests, mark a damaged one so the next run recomputes it, and say which file and step it was.
   */
  private StageFailure namingDamagedInput(StageExecutions executions, StageFailure failure) {
    Set<Long> read = new TreeSet<>();
    executions.inputs().values().forEach(in -> in.ports().values().forEach(src -> {
      if (src.artifactId() != 0) {
        read.add(src.artifactId());
      }
    }));
    Optional<String> damage = IntegrityCheck.damagedInputs(runRecorder.store(), artifacts, read);
    if (damage.isEmpty()) {
      return failure;
    }
    String error = failure.beforeJob() ? damage.get() : damage.get() + " (the job failed with: " + failure.error() + ")";
    return new StageFailure(failure.suspects(), error, failure.beforeJob(), false, failure.cause());
  }
}
