package dev.kiln.cli;

import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.run.Backend;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RemotePaths;
import dev.kiln.core.run.RunBackends;
import dev.kiln.core.run.PortCounts;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.runners.BackendOptions;
import dev.kiln.runners.Backends;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(mixinStandardHelpOptions = true, name = "run", description = "Run a pipeline; unchanged steps come from cache.")
final class RunCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;
  @Mixin PipelineArgs pipeline;

  @Option(names = "--runner", defaultValue = "direct", description = "Where stages run: direct (default), flink or dataflow.")
  String runner;

  @Option(names = "--flink-master", defaultValue = "[local]", paramLabel = "HOST:PORT",
      description = "With --runner flink: a Flink 1.19 cluster's REST address (scripts/flink-cluster.sh starts one at"
          + " localhost:18081), or [local] (default) for Flink inside this process.")
  String flinkMaster;

  @Option(names = "--parallelism", defaultValue = "0", paramLabel = "N",
      description = "Workers per stage (default: the cores here, or a Flink cluster's task slots).")
  int parallelism;

  @Option(names = "--flink-restarts", defaultValue = "0", paramLabel = "N",
      description = "With --runner flink: times Flink restarts a failed job, 10 s apart (default 0: a lost TaskManager"
          + " fails the stage at once).")
  int flinkRestarts;

  @Mixin DataflowArgs dataflow;

  @Override
  public Integer call() {
    StartupProfile.mark("command line (picocli)");
    root.awaitWarmup();
    StartupProfile.mark("wait for warm-up");
    ResolvedPipeline p = pipeline.source().resolve();
    Backend backend = backend(runner);
    // A step may name another backend (backend: flink); it is made on first use with the same options.
    RunBackends backends = new RunBackends(backend, this::backend);
    StartupProfile.mark("backend");
    try (Session s = Session.open(root.projectDir(), true, root.console);
        RunCancellation cancellation = RunCancellation.install(s, root.console)) {
      // before anything is submitted: a remote backend's workers cannot reach this machine's paths
      RemotePaths.check(p, backends, s.project.artifactRoot(), s.project.dir());
      Progress progress = new Progress(root.console, p, cancellation);
      OutOfMemoryGuard.watch(progress::running, line -> cancellation.failRun(line));
      RunOutcome outcome;
      try {
        outcome = new Orchestrator(s.store, s.artifacts, backends, s.project.dir(), progress).run(p);
      } finally {
        OutOfMemoryGuard.unwatch();
      }
      StartupProfile.mark("run (recovery, plan, stages, record)");
      return outcome.succeeded() ? KilnCli.OK : outcome.badInput() ? KilnCli.USER_ERROR : KilnCli.RUN_FAILED;
    }
  }

  private Backend backend(String name) {
    return name.equals("dataflow") ? dataflow.backend(root.console)
        : Backends.named(name, BackendOptions.defaults().withFlinkMaster(flinkMaster).withParallelism(parallelism)
            .withFlinkRestarts(flinkRestarts));
  }

  /**
   * One line per step, in pipeline order: a step's line is printed as soon as it is cached, completed,
   * reused or failed and every step before it in the pipeline has been printed. The time beside a step
   * is its own (see {@link #TIME_LEGEND}), not its stage's clock.
   */
  static final class Progress implements RunListener {
    static final String TIME_LEGEND = "  (time: each step's own, from the commit of its last input made in the same job,"
        + " or from the job's start, to the commit of its outputs)";
    private final Console console;
    private final int width;
    private final RunCancellation cancellation;
    /** The steps of the stages that are running and have not ended, in pipeline order: what an OutOfMemoryError names. */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> order;
    private final Map<String, String> pending = new HashMap<>();
    private int printed;

    Progress(Console console, ResolvedPipeline p, RunCancellation cancellation) {
      this.console = console;
      this.cancellation = cancellation;
      this.width = p.order().stream().mapToInt(String::length).max().orElse(4) + 2;
      this.order = p.order();
    }

    java.util.List<String> running() {
      return order.stream().filter(running::contains).toList();
    }

    @Override
    public void runStarted(String runName, String pipeline, String backend) {
      cancellation.runStarted(runName);
      console.info("Run " + runName + " · pipeline " + pipeline + " · runner " + backend);
    }

    @Override
    public void planned(Plan plan) {
      long cached = plan.steps().values().stream().filter(s -> s.decision() == Decision.CACHED).count();
      long maybe = plan.steps().values().stream().filter(s -> s.decision() == Decision.RUN_OR_REUSE).count();
      long toRun = plan.steps().size() - cached;
      String header = "  plan: " + cached + " cached, " + toRun + " to run";
      if (maybe > 0) {
        header += " (" + maybe + " of them kept from cache if their input comes out unchanged)";
      }
      console.info(header);
      if (toRun > 0) {
        console.info(TIME_LEGEND);
      }
    }

    @Override
    public void stepCached(StepPlan plan, Map<String, PortCounts> records) {
      line(plan.step(), Console.pad("CACHED", 10) + Console.pad("", 8) + rows(records));
    }

    @Override
    public void stepReused(StepPlan plan, long elapsedMillis, Map<String, PortCounts> records) {
      line(plan.step(), Console.pad("CACHED", 10) + Console.pad(Console.seconds(elapsedMillis), 8) + rows(records)
          + " · " + plan.reason());
    }

    @Override
    public void stageStarted(Stage stage) {
      running.addAll(stage.steps());
      console.info("  stage " + stage.index() + ": " + String.join(" → ", stage.steps()) + " …");
    }

    @Override
    public void stepCompleted(String step, long elapsedMillis, Map<String, PortCounts> records) {
      running.remove(step);
      line(step, Console.pad("COMPLETE", 10) + Console.pad(Console.seconds(elapsedMillis), 8) + rows(records));
    }

    @Override
    public void stepFailed(String step, long elapsedMillis, String error) {
      running.remove(step);
      line(step, Console.pad("FAILED", 10) + Console.pad(Console.seconds(elapsedMillis), 8) + error);
    }

    @Override
    public void stepWarning(String step, String warning) {
      console.info("  " + Console.pad(step, width) + Console.pad("WARNING", 10) + Console.pad("", 8) + warning);
    }

    @Override
    public void stepSkipped(String step, String reason) {
      line(step, Console.pad("SKIPPED", 10) + Console.pad("", 8) + reason);
    }

    /** Holds the step's line until every step before it in the pipeline is printed. */
    private synchronized void line(String step, String rest) {
      pending.put(step, "  " + Console.pad(step, width) + rest);
      while (printed < order.size() && pending.containsKey(order.get(printed))) {
        console.info(pending.remove(order.get(printed)));
        printed++;
      }
    }

    @Override
    public void runFinished(RunOutcome o) {
      synchronized (this) {
        // Steps the run never reported (none, normally) still get their place, in order.
        for (; printed < order.size(); printed++) {
          String held = pending.remove(order.get(printed));
          if (held != null) {
            console.info(held);
          }
        }
      }
      Map<String, Long> counts = o.steps().values().stream().collect(Collectors.groupingBy(s -> s, java.util.TreeMap::new, Collectors.counting()));
      String summary = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase()).collect(Collectors.joining(", "));
      console.info((o.succeeded() ? "Run " + o.runName() + " COMPLETE" : "Run " + o.runName() + " FAILED") + " in "
          + Console.seconds(o.elapsedMillis()) + " (" + summary + ")");
      if (!o.succeeded()) {
        console.error("error: " + o.error()
            + (o.error() != null && o.error().contains("OutOfMemoryError") ? "; " + OutOfMemoryGuard.hint() : ""));
        console.error("The steps that completed are kept and reused by the next run; see: kiln show " + o.runName());
        Logging.logFile().ifPresent(f -> console.error("logs: " + f));
      }
    }

    private static String rows(Map<String, PortCounts> records) {
      return records.entrySet().stream()
          .map(e -> e.getValue().isDocument() ? e.getKey() + " (" + e.getValue().kind() + ")"
              : e.getKey() + " " + Console.count(e.getValue().records()) + " rows" + splits(e.getValue()))
          .collect(Collectors.joining(" · "));
    }

    private static String splits(PortCounts c) {
      if (c.splits().isEmpty()) {
        return "";
      }
      return c.splits().entrySet().stream().map(s -> s.getKey() + " " + Console.count(s.getValue()))
          .collect(Collectors.joining(", ", " (", ")"));
    }
  }
}
