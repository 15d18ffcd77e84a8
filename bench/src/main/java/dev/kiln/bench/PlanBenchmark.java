package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Target 3: {@code kiln plan} of the taxi pipeline with 10,000 earlier runs in the metadata store
 * takes ≤ 1 s beyond a bare JVM. The store is made real: the pipeline runs once, then
 * {@link RunHistoryFiller} records {@code runs} cached runs the way the orchestrator does. A copy of
 * the project taken before the fill is planned side by side, to show what the history costs.
 */
public final class PlanBenchmark {
  static final double TARGET_MS = 1000;
  private static final String ALL_CACHED = "everything is cached";

  private PlanBenchmark() {}

  public static Report run(BenchContext ctx) {
    BenchProject big = BenchProject.create(ctx.data().resolve("plan-history"), BenchProject.taxiPipeline(ctx.taxiCsv()), true);
    TimedCommand first = ctx.command("first run", ctx.jvm().kiln("run", "--project", big.dir().toString(), big.pipelineFile().toString()));
    TimedCommand.Result r = first.run(ctx.logs().resolve("plan-first-run.log"));
    System.out.printf("first run: %.1f s%n", r.wallMillis() / 1000);

    Path oneRunDir = ctx.data().resolve("plan-one-run");
    copyProject(big.dir(), oneRunDir);
    BenchProject one = new BenchProject(oneRunDir.toAbsolutePath().normalize(), oneRunDir.resolve("pipeline.yaml").toAbsolutePath());

    long t0 = System.nanoTime();
    RunHistoryFiller.addCachedRuns(big.dir(), big.pipelineFile(), ctx.runs());
    double fillMs = (System.nanoTime() - t0) / 1e6;
    long dbBytes = size(big.metadataDb());
    System.out.printf("recorded %,d cached runs in %.1f s; metadata.db %.1f MB%n", ctx.runs(), fillMs / 1000, dbBytes / 1e6);

    String bare = "bare JVM (empty main)";
    String planOne = "kiln plan, 1 run in store";
    String planMany = String.format("kiln plan, %,d runs in store", ctx.runs() + 1);
    Comparison c = new Comparison("plan", ctx.logs())
        .add(ctx.command(bare, ctx.jvm().bare()), null)
        .add(ctx.command(planOne, planCommand(ctx.jvm(), one)), ALL_CACHED)
        .add(ctx.command(planMany, planCommand(ctx.jvm(), big)), ALL_CACHED);
    String planManyCds = planMany + ", AppCDS";
    List<String> labels = new java.util.ArrayList<>(List.of(planOne, planMany));
    if (ctx.cdsArchive() != null) {
      c.add(ctx.command(planManyCds, planCommand(ctx.jvm().withCds(ctx.cdsArchive()), big)), ALL_CACHED);
      labels.add(planManyCds);
    }
    c.run(ctx.rounds());

    Report report = new Report(String.format("kiln plan with %,d earlier runs (target: ≤ %d ms beyond a bare JVM)",
        ctx.runs(), (int) TARGET_MS));
    report.line("Store: the taxi pipeline run once, then %,d cached runs recorded through RunRecorder in one"
        + " transaction (%.1f s); metadata.db %.1f MB. The one-run store is a copy taken before the fill.", ctx.runs(), fillMs / 1000, dbBytes / 1e6);
    report.line("");
    report.table(c).line("");
    double base = c.wall(bare).median();
    for (String label : labels) {
      double over = c.wall(label).median() - base;
      report.line("- %s: **%.0f ms** beyond the bare JVM (wall medians) — %s", label, over,
          over <= TARGET_MS ? "meets the target" : "MISSES the target");
    }
    report.line("- cost of the history: plan(%,d runs) − plan(1 run) = %.0f ms (wall medians)", ctx.runs() + 1,
        c.wall(planMany).median() - c.wall(planOne).median());
    return report;
  }

  private static List<String> planCommand(Jvm jvm, BenchProject p) {
    return jvm.kiln("plan", "--project", p.dir().toString(), p.pipelineFile().toString());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Copies the project folder (config, store, artifacts and pipeline file); artifact URIs in the store stay absolute. */
  private static void copyProject(Path from, Path to) {
    try {
      BenchProject.delete(to);
      try (Stream<Path> all = Files.walk(from)) {
        for (Path p : all.toList()) {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }
}
