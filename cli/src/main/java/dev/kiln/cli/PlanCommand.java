package dev.kiln.cli;

import dev.kiln.core.plan.Decision;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.plan.Stage;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.step.ResolvedPipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(mixinStandardHelpOptions = true, name = "plan", description = "Show what a run would do: each step CACHED or RUN, and why.")
final class PlanCommand implements Callable<Integer> {
  @ParentCommand KilnCli root;
  @Mixin PipelineArgs pipeline;

  @Override
  public Integer call() {
    StartupProfile.mark("command line (picocli)");
    root.awaitWarmup();
    StartupProfile.mark("wait for warm-up");
    ResolvedPipeline p = pipeline.source().resolve();
    try (Session s = Session.open(root.projectDir(), true, root.console)) {
      Plan plan = Orchestrator.plan(s.store, s.artifacts, s.project.dir(), p);
      StartupProfile.mark("run recovery and plan");
      print(root.console, p, plan);
      StartupProfile.mark("print plan");
    }
    StartupProfile.mark("close store");
    return KilnCli.OK;
  }

  static void print(Console console, ResolvedPipeline p, Plan plan) {
    int width = p.order().stream().mapToInt(String::length).max().orElse(4) + 2;
    console.info("Plan for pipeline " + p.spec().name() + " (spec " + Console.shortHash(p.spec().hash()) + ")");
    for (String step : p.order()) {
      StepPlan sp = plan.steps().get(step);
      String decision = sp.decision() == Decision.RUN_OR_REUSE ? "RUN?" : sp.decision().name();
      console.info("  " + Console.pad(step, width) + Console.pad(decision, 8) + sp.reason());
    }
    for (Stage stage : plan.stages()) {
      console.info("  stage " + stage.index() + ": " + String.join(" → ", stage.steps()) + " (one Beam job)");
    }
    if (plan.steps().values().stream().anyMatch(s -> s.decision() == Decision.RUN_OR_REUSE)) {
      console.info("  RUN?: runs in its upstream's job; when its input comes out unchanged the earlier result is kept (CACHED)");
    }
    if (plan.fullyCached()) {
      console.info("  everything is cached: a run launches no Beam job");
    }
  }
}
