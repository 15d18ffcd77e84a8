package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 10's comparison: the flights delay classifier as one {@code kiln run} of a fresh project (on
 * embedded Flink and on the DirectRunner) and as the same pipeline in Spark MLlib (bench-spark's
 * {@code SparkFlights}, local[2], its own JVM and class path), alternating in one series of rounds.
 * Every child gets the same java and the same heap limit. Each run has a time limit; a run that
 * reaches it is stopped and reported as "did not finish", with the CPU time and peak RSS it had used.
 *
 * <p>Measured per run: wall and CPU time and peak RSS of the process (GNU time), the AUC on the
 * evaluation split (Spark: its result line; Kiln: {@code kiln show last}, untimed), the phases Spark
 * reports and the times at which Kiln's steps completed, and the 1-minute load average when the run
 * started (the machine may be shared).
 */
public final class PeersBenchmark {
  static final String SPARK = "Spark MLlib local[2]";
  private static final Map<String, String> RUNNERS = Map.of("flink", "Kiln, embedded Flink", "direct", "Kiln, DirectRunner");

  /**
   * How to start the Spark peer.
   *
   * @param classPath bench-spark's jar and its runtime dependencies (target/classpath.txt)
   * @param jvmOptions the file of JVM options Spark needs on Java 17 (bench-spark/jvm.options), passed as {@code @file}
   * @param input the flights data Spark reads (Parquet or CSV)
   */
  public record SparkPeer(String classPath, Path jvmOptions, Path input) {
    List<String> command(Jvm kiln) {
      List<String> options = new ArrayList<>();
      options.add("@" + jvmOptions.toAbsolutePath());
      options.addAll(kiln.options());
      return new Jvm(classPath, options).command("dev.kiln.bench.spark.SparkFlights",
          "--input", input.toAbsolutePath().toString(), "--master", "local[2]");
    }
  }

  /**
   * @param pipeline the Kiln pipeline file; its relative paths are resolved in a fresh project whose
   *     {@code bench-data} links to the benchmark's data folder
   * @param spark the Spark side
   * @param runners Kiln runners, each a side of its own: {@code flink} (embedded), {@code direct}
   * @param limit a run still going after this long is stopped and counted as not finished
   * @param rows the rows of the data (every finished run must have read exactly these)
   */
  public record Settings(Path pipeline, SparkPeer spark, List<String> runners, Duration limit, long rows) {
    public Settings {
      for (String r : runners) {
        if (!RUNNERS.containsKey(r)) {
          throw new IllegalArgumentException("unknown runner '" + r + "': expected flink or direct");
        }
      }
      runners = List.copyOf(runners);
    }
  }

  private PeersBenchmark() {}

  public static Report run(BenchContext ctx, Settings s) {
    if (!Files.isRegularFile(s.pipeline())) {
      throw new BenchException("no pipeline file " + s.pipeline());
    }
    if (!Files.isRegularFile(s.spark().input())) {
      throw new BenchException("no flights data " + s.spark().input() + "; scripts/bench/flights.sh --prepare-only makes it");
    }
    String pipeline = Logs.read(s.pipeline());
    List<Double> loads = new ArrayList<>();
    Comparison.Prepare noteLoad = round -> {
      LoadAverage l = LoadAverage.now();
      if (l != null) {
        loads.add(l.one());
      }
    };
    Comparison c = new Comparison("peers", ctx.logs()).withLimit(s.limit());
    c.add(new TimedCommand(SPARK, s.spark().command(ctx.jvm()), ctx.repo()), noteLoad, null,
        (round, result) -> PeerOutputs.spark(Logs.read(result.log()), s.rows()));
    for (String runner : s.runners()) {
      String label = RUNNERS.get(runner);
      Path project = ctx.data().resolve("peers/project-" + runner);
      c.add(ctx.command(label, ctx.jvm().kiln("run", "--project", project.toString(),
              project.resolve("pipeline.yaml").toString(), "--runner", runner)),
          round -> {
            freshProject(project, pipeline, ctx.data());
            noteLoad.before(round);
          },
          String.format(Locale.ROOT, "examples %,d rows", s.rows()),
          (round, result) -> {
            Map<String, Double> m = PeerOutputs.kilnRun(Logs.read(result.log()));
            m.put(PeerOutputs.AUC, kilnAuc(ctx, project, round));
            return m;
          });
    }
    c.run(ctx.rounds());
    return report(ctx, s, c, loads);
  }

  /** A new project with the pipeline, its {@code bench-data} linked to the data folder. */
  static BenchProject freshProject(Path dir, String pipelineYaml, Path data) {
    BenchProject p = BenchProject.create(dir, pipelineYaml, true);
    try {
      Files.createSymbolicLink(dir.resolve("bench-data"), data.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link " + dir.resolve("bench-data") + " to " + data + ": " + e.getMessage(), e);
    }
    return p;
  }

  private static double kilnAuc(BenchContext ctx, Path project, int round) {
    TimedCommand show = ctx.command("kiln show", ctx.jvm().kiln("show", "last", "--project", project.toString()));
    TimedCommand.Result r = show.run(ctx.logs().resolve("peers-show-" + project.getFileName() + "-" + round + ".log"));
    return PeerOutputs.kilnAuc(Logs.read(r.log()));
  }

  static Report report(BenchContext ctx, Settings s, Comparison c, List<Double> loads) {
    Report r = new Report(String.format(Locale.ROOT, "Flights %,d rows: Kiln vs Spark MLlib", s.rows()));
    r.line("Kiln: `kiln run` of `%s` in a fresh project per run. Spark: `SparkFlights` on `%s`, local[2]. "
        + "%d round%s, order rotated each round; every run stopped after %d s.", s.pipeline().getFileName(),
        s.spark().input().getFileName(), ctx.rounds(), ctx.rounds() == 1 ? "" : "s", s.limit().toSeconds());
    r.line("");
    r.line("| command | finished | wall median | wall min–max | CPU median | peak RSS median | peak RSS min–max | AUC |");
    r.line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (TimedCommand t : c.commands()) {
      Samples w = c.wall(t.label());
      int stopped = c.unfinished(t.label()).size();
      String finished = (w.size()) + " of " + (w.size() + stopped);
      if (w.size() == 0) {
        r.line("| %s | %s | did not finish in %d s | | | | | |", t.label(), finished, s.limit().toSeconds());
        continue;
      }
      Samples cpu = c.cpu(t.label());
      Samples rss = c.peakRss(t.label());
      Samples auc = c.observed(t.label()).get(PeerOutputs.AUC);
      r.line("| %s | %s | %.1f s | %.1f–%.1f s | %s | %s | %s | %s |", t.label(), finished, w.median() / 1000, w.min() / 1000,
          w.max() / 1000, cpu.size() == 0 ? "–" : String.format(Locale.ROOT, "%.1f s", cpu.median() / 1000),
          rss.size() == 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", rss.median()),
          rss.size() == 0 ? "–" : String.format(Locale.ROOT, "%.0f–%.0f MiB", rss.min(), rss.max()),
          auc == null ? "–" : String.format(Locale.ROOT, "%.4f", auc.median()));
    }
    List<String> stoppedLines = new ArrayList<>();
    for (TimedCommand t : c.commands()) {
      for (TimedCommand.Result u : c.unfinished(t.label())) {
        stoppedLines.add(String.format(Locale.ROOT, "| %s | %.0f s | %s | %s | `%s` |", t.label(), u.wallMillis() / 1000,
            u.cpuMillis() < 0 ? "–" : String.format(Locale.ROOT, "%.0f s", u.cpuMillis() / 1000),
            u.peakRssKb() < 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", u.peakRssKb() / 1024.0), lastStep(u.log())));
      }
    }
    if (!stoppedLines.isEmpty()) {
      r.line("");
      r.line("Runs stopped at the limit (CPU and peak RSS of the process tree until the stop):");
      r.line("");
      r.line("| command | stopped after | CPU until then | peak RSS until then | last line of its output |");
      r.line("| --- | ---: | ---: | ---: | --- |");
      stoppedLines.forEach(l -> r.line("%s", l));
    }
    Samples spark = c.wall(SPARK);
    if (spark.size() > 0 && c.commands().stream().anyMatch(t -> !t.label().equals(SPARK) && c.wall(t.label()).size() > 0)) {
      r.line("");
      for (TimedCommand t : c.commands()) {
        if (!t.label().equals(SPARK) && c.wall(t.label()).size() > 0) {
          r.line("- %s / Spark (wall medians): %.2f", t.label(), c.wall(t.label()).median() / spark.median());
        }
      }
    }
    for (TimedCommand t : c.commands()) {
      Map<String, Samples> o = c.observed(t.label());
      List<String> phases = o.keySet().stream().filter(k -> k.endsWith(" ms")).toList();
      if (phases.isEmpty()) {
        continue;
      }
      r.line("");
      r.line("%s (medians of the finished runs):", t.label());
      r.line("");
      r.line("| phase | time |");
      r.line("| --- | ---: |");
      for (String k : phases) {
        r.line("| %s | %.1f s (%.1f–%.1f) |", k.substring(0, k.length() - 3), o.get(k).median() / 1000, o.get(k).min() / 1000,
            o.get(k).max() / 1000);
      }
    }
    r.line("");
    r.line("Load average (1/5/15 min) before: %s; after: %s; 1-minute load when each run started: %s. Machine: %d cores.",
        c.loadBefore(), c.loadAfter(), loads.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f–%.1f",
            loads.stream().mapToDouble(Double::doubleValue).min().orElse(0), loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
        Runtime.getRuntime().availableProcessors());
    return r;
  }

  /** The last non-blank line a stopped run printed (not the notice of the kill itself): how far it came. */
  static String lastStep(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String l = lines.get(i).strip();
        if (!l.isEmpty() && !l.equals("Killed") && !l.startsWith("Command terminated by signal")) {
          return l.length() > 120 ? l.substring(0, 120) + "…" : l.replace("|", "\\|").replace("`", "'");
        }
      }
      return "(no output)";
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
