package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's performance figures: ingest (the {@code csv} step reads the 3M-row flights CSV into a
 * Dataset artifact) + statistics ({@code bench-statistics}: {@code DatasetStatistics} over it) + split
 * (the {@code split} step, 80/20 by a hash of the whole row), as one {@code kiln run} of a fresh project,
 * on the DirectRunner (checks off, as kiln runs it for users), on embedded Flink and, when a cluster is
 * named, on that Flink cluster — side by side, same JVM options and class path for every command.
 *
 * <p>Measured per run: wall time and CPU time of the kiln process, its peak RSS (GNU time), the run time
 * kiln reports (without JVM start and CLI set-up). On a cluster the work runs in the TaskManager, so its
 * peak RSS is measured too ({@code VmHWM}, reset before each run), and the submission is broken down
 * from the client's timestamped log and the JobManager's job timestamps; see {@link SubmissionPhases}.
 */
public final class FlightsBenchmark {
  static final String DIRECT = "DirectRunner (checks off)";
  static final String EMBEDDED = "Flink embedded";
  private static final Pattern RUN_TIME = Pattern.compile("Run \\S+ COMPLETE in ([0-9.]+)s");

  /**
   * @param csv the flights CSV (scripts/bench/flights.sh converts it from the Parquet file)
   * @param rows the rows it holds (each run must report exactly these)
   * @param flinkMaster a cluster's REST address {@code host:port}, or null for no cluster run
   * @param flinkState the cluster script's state folder, where its pid files are
   */
  public record Settings(Path csv, long rows, String flinkMaster, Path flinkState) {}

  private FlightsBenchmark() {}

  public static Report run(BenchContext ctx, Settings s) {
    if (!Files.isRegularFile(s.csv())) {
      throw new BenchException("no flights CSV " + s.csv() + "; scripts/bench/flights.sh fetches and converts it");
    }
    Jvm jvm = ctx.jvm().withOptions(ClientLog.JVM_OPTIONS);
    String pipeline = pipeline(s.csv());
    Comparison c = new Comparison("flights", ctx.logs());
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put(DIRECT, List.of("--runner", "direct"));
    commands.put(EMBEDDED, List.of("--runner", "flink"));
    String cluster = s.flinkMaster() == null ? null : "Flink cluster (" + s.flinkMaster() + ")";
    if (cluster != null) {
      commands.put(cluster, List.of("--runner", "flink", "--flink-master", s.flinkMaster()));
    }
    long taskManager = cluster == null ? -1 : ProcessMemory.pidFrom(s.flinkState().resolve("taskmanager.pid"));
    for (Map.Entry<String, List<String>> e : commands.entrySet()) {
      Path project = ctx.data().resolve("flights/project-" + Comparison.slug(e.getKey()));
      List<String> args = new ArrayList<>(List.of("run", "--project", project.toString(), project.resolve("pipeline.yaml").toString()));
      args.addAll(e.getValue());
      boolean onCluster = e.getKey().equals(cluster);
      long[] rssBefore = {0};
      c.add(ctx.command(e.getKey(), jvm.kiln(args.toArray(String[]::new))),
          round -> {
            BenchProject.create(project, pipeline, true);
            if (onCluster) {
              ProcessMemory.resetPeak(taskManager);
              rssBefore[0] = ProcessMemory.rssKb(taskManager);
            }
          },
          String.format(Locale.ROOT, "examples %,d rows · rejected 0 rows", s.rows()),
          (round, result) -> {
            Map<String, Double> m = observe(result, s.rows());
            if (e.getKey().equals(EMBEDDED)) {
              m.putAll(embeddedPhases(new ClientLog(Logs.read(result.log()))));
            }
            if (onCluster) {
              m.put("TaskManager RSS before MiB", rssBefore[0] / 1024.0);
              m.put("TaskManager peak RSS MiB", ProcessMemory.peakRssKb(taskManager) / 1024.0);
              m.putAll(SubmissionPhases.of(new ClientLog(Logs.read(result.log())), s.flinkMaster()).asMillis());
            }
            return m;
          });
    }
    c.run(ctx.rounds());
    return report(ctx, s, c, cluster);
  }

  /** csv → bench-statistics, csv → split (whole-row hash, 80/20): one stage, one Beam job. */
  static String pipeline(Path csv) {
    return """
        kiln: 1
        pipeline: flights
        steps:
          data:
            uses: csv
            with: { path: "%s" }
          stats:
            uses: bench-statistics
            in: { examples: data.examples }
          split:
            uses: split
            in: { examples: data.examples }
            with: { ratios: { train: 0.8, eval: 0.2 } }
        """.formatted(csv.toAbsolutePath().normalize());
  }

  static final String EMBEDDED_TRANSLATION = "embedded: translation, Beam → Flink plan";
  static final String EMBEDDED_JOB = "embedded: mini cluster start + job, until the client has the result";

  /**
   * The same client-side phases on embedded Flink, where there is no upload: translation, then from
   * "Starting execution" to "Execution finished" (the mini cluster starting, the job, its shutdown).
   */
  static Map<String, Double> embeddedPhases(ClientLog log) {
    Map<String, Double> m = new LinkedHashMap<>();
    OptionalLong translating = log.first(SubmissionPhases.TRANSLATING);
    OptionalLong executing = log.first(ClientLog.EXECUTION_STARTS);
    OptionalLong finished = log.first(ClientLog.EXECUTION_FINISHED);
    if (translating.isPresent() && executing.isPresent() && finished.isPresent()) {
      m.put(EMBEDDED_TRANSLATION, (double) (executing.getAsLong() - translating.getAsLong()));
      m.put(EMBEDDED_JOB, (double) (finished.getAsLong() - executing.getAsLong()));
    }
    return m;
  }

  /** Checks that the run did the whole benchmark and takes the run time kiln reports. */
  static Map<String, Double> observe(TimedCommand.Result result, long rows) {
    String log = Logs.read(result.log());
    for (String expected : List.of(String.format(Locale.ROOT, "examples %,d rows (eval ", rows), "statistics 1 rows", "(3 complete)")) {
      if (!log.contains(expected)) {
        throw new BenchException("expected '" + expected + "' in the output of the run, see " + result.log());
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    Matcher run = RUN_TIME.matcher(log);
    if (run.find()) {
      m.put("kiln run ms", Double.parseDouble(run.group(1)) * 1000);
    }
    return m;
  }

  private static Report report(BenchContext ctx, Settings s, Comparison c, String cluster) {
    Report r = new Report(String.format(Locale.ROOT, "Flights %,d rows: csv ingest + statistics + split", s.rows()));
    r.line("Data: `%s` (%,d rows, %.0f MB). One `kiln run` of a fresh project per timed run; %d rounds.",
        ctx.repo().relativize(s.csv().toAbsolutePath().normalize()), s.rows(), size(s.csv()) / 1e6, ctx.rounds());
    r.line("");
    r.tableWithMemory(c);
    r.line("");
    r.line("| command | kiln's own run time (median, min–max) |");
    r.line("| --- | ---: |");
    for (TimedCommand t : c.commands()) {
      Samples k = c.observed(t.label()).get("kiln run ms");
      r.line("| %s | %s |", t.label(), k == null ? "–" : seconds(k));
    }
    double direct = c.wall(DIRECT).median();
    double embedded = c.wall(EMBEDDED).median();
    r.line("");
    r.line("- embedded Flink / DirectRunner (wall medians): %.2f; peak RSS %s / %s", embedded / direct,
        mib(c.peakRss(EMBEDDED)), mib(c.peakRss(DIRECT)));
    if (cluster != null) {
      Map<String, Samples> o = c.observed(cluster);
      r.line("- cluster / DirectRunner (wall medians): %.2f; cluster / embedded: %.2f", c.wall(cluster).median() / direct,
          c.wall(cluster).median() / embedded);
      r.line("");
      r.line("On the cluster (medians, min–max; the kiln process's peak RSS above is the client's only):");
      r.line("");
      r.line("| phase | time |");
      r.line("| --- | ---: |");
      for (String phase : SubmissionPhases.NAMES) {
        if (o.containsKey(phase)) {
          r.line("| %s | %s |", phase, seconds(o.get(phase)));
        }
      }
      Map<String, Samples> emb = c.observed(EMBEDDED);
      for (String phase : List.of(EMBEDDED_TRANSLATION, EMBEDDED_JOB)) {
        if (emb.containsKey(phase)) {
          r.line("| %s | %s |", phase, seconds(emb.get(phase)));
        }
      }
      Samples before = o.get("TaskManager RSS before MiB");
      Samples tm = o.get("TaskManager peak RSS MiB");
      r.line("| TaskManager RSS when the run starts (a long-lived process: what earlier jobs left resident) | %.0f MiB (%.0f–%.0f) |",
          before.median(), before.min(), before.max());
      r.line("| TaskManager peak RSS during the run (VmHWM, reset before each run) | %.0f MiB (%.0f–%.0f) |",
          tm.median(), tm.min(), tm.max());
    }
    return r;
  }

  private static String seconds(Samples s) {
    return String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", s.median() / 1000, s.min() / 1000, s.max() / 1000);
  }

  private static String mib(Samples s) {
    return s.size() == 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", s.median());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
