package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 10's taxi demo target (at most 10 s of run time on the DirectRunner): {@code kiln run
 * pipelines/taxi.yaml} (10,000 rows, 11 steps) in a fresh project per run — no {@code .kiln/} yet, as
 * a new user's first run — with a baseline build of Kiln and with this checkout's, alternating in one
 * series. Both sides run the same java with the same JVM options and no AppCDS archive.
 *
 * <p>Measured per run: kiln's own "Run … COMPLETE in" figure (the run time the target is about: from
 * the run's start, after the project is opened, to its end), wall time and CPU time of the process,
 * its peak RSS, and the 1-minute load average when it started. Reported per run and as medians with
 * the ratio this checkout / baseline.
 */
public final class TaxiDemoBenchmark {
  static final String BASELINE = "baseline";
  static final String CURRENT = "this checkout";
  static final String RUN_MS = "kiln run ms";
  private static final String COMPLETE = "(11 complete)";

  /**
   * @param baselineJar the baseline's kiln.jar; its kiln-examples.jar (DeriveBigTipper) must lie beside it
   * @param currentClassPath this checkout's kiln.jar and kiln-examples.jar
   */
  public record Settings(Path baselineJar, String currentClassPath) {}

  /** One timed run. */
  record RunRow(int round, String side, double runMillis, TimedCommand.Result result, double load) {}

  private TaxiDemoBenchmark() {}

  /** The class path of a kiln.jar and the kiln-examples.jar beside it. */
  static String classPathOf(Path kilnJar) {
    if (!Files.isRegularFile(kilnJar)) {
      throw new IllegalArgumentException("option --baseline: no jar " + kilnJar);
    }
    Path examples = kilnJar.toAbsolutePath().getParent().resolve("kiln-examples.jar");
    if (!Files.isRegularFile(examples)) {
      throw new IllegalArgumentException("option --baseline: no kiln-examples.jar beside " + kilnJar
          + " (the taxi pipeline's DeriveBigTipper is in it)");
    }
    return kilnJar.toAbsolutePath() + java.io.File.pathSeparator + examples;
  }

  public static Report run(BenchContext ctx, Settings s) {
    Path csv = ctx.taxiCsv();
    Path yaml = ctx.repo().resolve("pipelines/taxi.yaml");
    if (!Files.isRegularFile(yaml)) {
      throw new BenchException("no " + yaml + ": run the benchmark from the repository root or pass --repo");
    }
    Map<String, Jvm> sides = Map.of(
        BASELINE, new Jvm(classPathOf(s.baselineJar()), ctx.jvm().options(), ctx.jvm().runOptions()),
        CURRENT, new Jvm(s.currentClassPath(), ctx.jvm().options(), ctx.jvm().runOptions()));
    List<RunRow> rows = new ArrayList<>();
    Comparison c = new Comparison("taxi-demo", ctx.logs());
    for (String side : List.of(BASELINE, CURRENT)) {
      Path project = ctx.data().resolve("taxi-demo/project-" + Comparison.slug(side));
      double[] load = {Double.NaN};
      c.add(new TimedCommand(side, sides.get(side).kiln("run", "pipelines/taxi.yaml"), project),
          round -> {
            freshProject(project, yaml, csv);
            LoadAverage l = LoadAverage.now();
            load[0] = l == null ? Double.NaN : l.one();
          },
          COMPLETE,
          (round, result) -> {
            double runMillis = PeerOutputs.kilnRun(Logs.read(result.log())).get(RUN_MS);
            rows.add(new RunRow(round, side, runMillis, result, load[0]));
            return Map.of(RUN_MS, runMillis);
          });
    }
    c.run(ctx.rounds());
    return report(ctx, s, c, rows);
  }

  /**
   * A folder holding what {@code scripts/kiln run pipelines/taxi.yaml} reads in the repository —
   * {@code pipelines/taxi.yaml} and {@code examples/data/taxi.csv} — and no {@code .kiln/}: the run
   * creates the project, as a first run in a fresh checkout does.
   */
  static void freshProject(Path dir, Path yaml, Path csv) {
    try {
      BenchProject.delete(dir);
      Files.createDirectories(dir.resolve("pipelines"));
      Files.createDirectories(dir.resolve("examples/data"));
      Files.copy(yaml, dir.resolve("pipelines/taxi.yaml"));
      Files.copy(csv, dir.resolve("examples/data/taxi.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the project " + dir + ": " + e.getMessage(), e);
    }
  }

  static Report report(BenchContext ctx, Settings s, Comparison c, List<RunRow> rows) {
    Report r = new Report("Taxi demo: `kiln run pipelines/taxi.yaml`, baseline vs this checkout");
    r.line("Fresh project per run (no `.kiln/`), DirectRunner, %d round%s, alternating (the order rotates each round). "
        + "Baseline: `%s`. Run time is kiln's own \"Run … COMPLETE in\" figure.", ctx.rounds(), ctx.rounds() == 1 ? "" : "s",
        s.baselineJar());
    r.line("");
    r.line("| round | jar | run time | wall | CPU | peak RSS | load (1 min) at start |");
    r.line("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    for (RunRow row : rows) {
      r.line("| %d | %s | %.1f s | %.1f s | %s | %s | %.1f |", row.round() + 1, row.side(), row.runMillis() / 1000,
          row.result().wallMillis() / 1000, seconds(row.result().cpuMillis()), mib(row.result().peakRssKb() / 1024.0),
          row.load());
    }
    r.line("");
    r.line("| median | run time | wall | CPU | peak RSS |");
    r.line("| --- | ---: | ---: | ---: | ---: |");
    for (String side : List.of(BASELINE, CURRENT)) {
      r.line("| %s | %.1f s | %.1f s | %s | %s |", side, c.observed(side).get(RUN_MS).median() / 1000,
          c.wall(side).median() / 1000, c.cpu(side).size() == 0 ? "–" : seconds(c.cpu(side).median()),
          c.peakRss(side).size() == 0 ? "–" : mib(c.peakRss(side).median()));
    }
    r.line("| this checkout / baseline | %s | %s | %s | %s |",
        ratio(c.observed(CURRENT).get(RUN_MS), c.observed(BASELINE).get(RUN_MS)),
        ratio(c.wall(CURRENT), c.wall(BASELINE)), ratio(c.cpu(CURRENT), c.cpu(BASELINE)),
        ratio(c.peakRss(CURRENT), c.peakRss(BASELINE)));
    r.line("");
    double current = c.observed(CURRENT).get(RUN_MS).median() / 1000;
    r.line("Issue 10's target, at most 10 s of run time: %s (this checkout's median %.1f s).",
        current <= 10 ? "met" : "not met", current);
    r.line("");
    r.line("Load average (1/5/15 min) before: %s; after: %s. Machine: %d cores.", c.loadBefore(), c.loadAfter(),
        Runtime.getRuntime().availableProcessors());
    return r;
  }

  static String ratio(Samples now, Samples before) {
    if (now.size() == 0 || before.size() == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f", now.median() / before.median());
  }

  private static String seconds(double millis) {
    return millis < 0 ? "–" : String.format(Locale.ROOT, "%.1f s", millis / 1000);
  }

  private static String mib(double mib) {
    return mib < 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", mib);
  }
}
