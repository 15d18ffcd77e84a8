package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.Planner;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.metadata.Context;
import dev.kiln.metadata.MetadataStore;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a pipeline: plans it, records cached steps, launches the runnable stages (independent stages
 * in parallel, one Beam job each), then plans again with the new results — a step whose upstream
 * reran is reused when the upstream output came out the same — until nothing is left to run.
 */
public final class Orchestrator {
  private final MetadataStore store;
  private final ArtifactStore artifacts;
  private final RunBackends backends;
  private final Path projectDir;
  private final RunListener listener;

  public Orchestrator(MetadataStore store, ArtifactStore artifacts, Backend backend, Path projectDir, RunListener listener) {
    this(store, artifacts, RunBackends.only(backend), projectDir, listener);
  }

  /** An orchestrator whose steps may name other backends than the run's default ({@code backend: flink}). */
  public Orchestrator(MetadataStore store, ArtifactStore artifacts, RunBackends backends, Path projectDir, RunListener listener) {
    this.store = store;
    this.artifacts = artifacts;
    this.backends = backends;
    this.projectDir = projectDir;
    this.listener = listener;
  }

  /** What a run would do now, without running anything. */
  public Plan plan(ResolvedPipeline pipeline) {
    return plan(store, artifacts, projectDir, pipeline);
  }

  /**
   * What a run of {@code pipeline} would do, without a backend (nothing runs): runs left RUNNING by a
   * killed process are first recovered, as a run would, so the plan sees the store as the run will.
   */
  public static Plan plan(MetadataStore store, ArtifactStore artifacts, Path projectDir, ResolvedPipeline pipeline) {
    new RunRecovery(store, artifacts).recover();
    return new Planner(store, artifacts, projectDir).plan(pipeline, Map.of());
  }

  /**
   * Runs the pipeline. Read in order: recover runs of dead processes, start the run's record, then
   * plan → record cached steps → run the runnable stages (each: record, compile, launch, record) → plan
   * again with their results, until nothing is runnable; steps never reached are SKIPPED.
   */
  public RunOutcome run(ResolvedPipeline pipeline) {
    long started = System.currentTimeMillis();
    new RunRecovery(store, artifacts).recover();
    ProcessIdentity who = ProcessIdentity.current();
    String name = pipeline.spec().name();
    String runName = name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    RunRecorder recorder = new RunRecorder(store);
    Context run = recorder.startRun(name, runName, pipeline.spec().canonicalJson(), pipeline.spec().hash(), backends.defaultBackend().name(), who);
    listener.runStarted(runName, name, backends.defaultBackend().name());
    try (Heartbeat beat = new Heartbeat(recorder, run.id())) {
      return run(pipeline, started, who, runName, recorder, run);
    } catch (RuntimeException | Error e) {
      // Whatever ends the run early (an input file gone, a failure while recording) is the run's error,
      // recorded now: the next command would otherwise find it RUNNING and only guess "killed?".
      recorder.finishRun(run.id(), "FAILED", firstLine(e), Redaction.stackTrace(e), System.currentTimeMillis());
      throw e;
    }
  }

  private RunOutcome run(ResolvedPipeline pipeline, long started, ProcessIdentity who, String runName, RunRecorder recorder, Context run) {
    Planner planner = new Planner(store, artifacts, projectDir);
    StageRunner stages = new StageRunner(pipeline, artifacts, recorder, backends, listener, projectDir, run.id(), runName, who);
    RunTally tally = new RunTally();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "kiln-stage");
      t.setDaemon(true);
      return t;
    });
    try {
      boolean first = true;
      while (true) {
        Plan plan = planner.plan(pipeline, tally.settled());
        if (first) {
          listener.planned(plan);
          first = false;
        }
        recordCached(pipeline, plan, recorder, run.id(), runName, tally);
        if (plan.stages().isEmpty()) {
          break;
        }
        runStages(plan, stages, pool, tally).forEach(tally::add);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String step : pipeline.order()) {
      if (!tally.has(step)) {
        tally.skipped(step);
        listener.stepSkipped(step, "an upstream step failed");
      }
    }
    boolean ok = tally.firstError() == null;
    recorder.finishRun(run.id(), ok, tally.firstError());
    RunOutcome outcome = new RunOutcome(runName, run.id(), ok, tally.states(), tally.executions(), tally.firstError(),
        tally.badInput(), System.currentTimeMillis() - started);
    listener.runFinished(outcome);
    return outcome;
  }

  /**
   * Writes the run's {@code alive_ms} time every few seconds while it runs (a daemon thread),
   * so recovery gives a run whose process was killed the time it really ended.
   */
  private static final class Heartbeat implements AutoCloseable {
    private static final long EVERY_MILLIS = 2_000;
    private final java.util.concurrent.ScheduledExecutorService timer;

    Heartbeat(RunRecorder recorder, long runId) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiln-heartbeat");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleWithFixedDelay(() -> {
        try {
          recorder.heartbeat(runId);
        } catch (RuntimeException e) {
          // a busy store: the next beat will do
        }
      }, EVERY_MILLIS, EVERY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /** The error line the command line prints for an exception that ends a run (KilnCli). */
  public static String firstLine(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** Records the steps this plan newly found CACHED: an execution each, linked to the reused outputs. */
  private void recordCached(ResolvedPipeline pipeline, Plan plan, RunRecorder recorder, long runId, String runName, RunTally tally) {
    for (StepPlan p : plan.steps().values()) {
      if (p.decision() == Decision.CACHED && !tally.isSettled(p.step())) {
        tally.cached(p, recorder.recordCachedStep(pipeline, runId, runName, p, tally.settled()));
        listener.stepCached(p, records(p.outputs()));
      }
    }
  }

  /** The record counts of registered artifacts, by port, as the listener reports them. */
  static Map<String, PortCounts> records(Map<String, OutputArtifact> outputs) {
    Map<String, PortCounts> records = new TreeMap<>();
    outputs.forEach((port, a) -> records.put(port, new PortCounts(a.records(), new TreeMap<>(a.splitRecords()), a.kind())));
    return records;
  }

  /** Runs the plan's stages, independent of each other, in parallel: one Beam job each. */
  private static List<StepResult> runStages(Plan plan, StageRunner stages, ExecutorService pool, RunTally tally) {
    List<Future<List<StepResult>>> futures = new ArrayList<>();
    for (Stage planned : plan.stages()) {
      // The planner numbers the stages of each round from 1; a run numbers all its stages once.
      Stage stage = new Stage(tally.nextStageNumber(), planned.steps(), planned.backend());
      futures.add(pool.submit(() -> stages.run(stage, plan.steps())));
    }
    List<StepResult> results = new ArrayList<>();
    for (Future<List<StepResult>> f : futures) {
      results.addAll(get(f));
    }
    return results;
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
