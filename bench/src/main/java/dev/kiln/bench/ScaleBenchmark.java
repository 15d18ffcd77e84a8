package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 10's scale target: the flights pipeline on the 3M rows and on ten copies of them (30M), one
 * {@code kiln run} each, one after the other, in a fresh project, on embedded Flink, every run with the
 * same heap limit for the whole JVM ({@code -Xmx2g}: the embedded TaskManager lives in the same
 * process; its managed and network memory are Flink's local-execution defaults, 128 + 64 MiB off the
 * heap). Reports per size the wall and CPU time and peak RSS of the process, each step's own time
 * (what {@code kiln run} prints), the garbage collector's pauses, full collections and the largest heap
 * in use after a collection (from the child's GC log), the AUC, and the ratio of the sizes. A run that
 * fails (an OutOfMemoryError, say) or passes the time limit is reported as such, with its log.
 */
public final class ScaleBenchmark {
  private static final Pattern CSV_PATH = Pattern.compile("(?m)^(\\s*path:\\s*)(\"?)([^\"\\s#]+\\.csv)(\"?)");

  /** One data size: a label ("3M"), the CSV and the rows it holds. */
  public record Size(String label, Path csv, long rows) {}

  /**
   * @param pipeline the flights pipeline; its one csv {@code path:} is replaced by each size's file
   * @param sizes the sizes, run in this order; the first is the base of the ratios
   * @param limit a run still going after this long is stopped and reported as not finished
   * @param jfr also record each run with Java Flight Recorder (default settings) next to its log
   */
  public record Settings(Path pipeline, List<Size> sizes, Duration limit, boolean jfr) {
    public Settings {
      if (sizes.isEmpty()) {
        throw new IllegalArgumentException("no data size to run");
      }
      sizes = List.copyOf(sizes);
    }
  }

  /** What one size's run measured; {@code failure} is null when it completed. */
  record Outcome(Size size, TimedCommand.Result result, Map<String, Double> steps, GcLog.Summary gc, Double auc,
      String failure, LoadAverage loadBefore, Map<String, Long> cpuSamples) {
    Outcome {
      cpuSamples = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cpuSamples));
    }

    Outcome(Size size, TimedCommand.Result result, Map<String, Double> steps, GcLog.Summary gc, Double auc, String failure,
        LoadAverage loadBefore) {
      this(size, result, steps, gc, auc, failure, loadBefore, Map.of());
    }

    Outcome withCpuSamples(Map<String, Long> samples) {
      return new Outcome(size, result, steps, gc, auc, failure, loadBefore, samples);
    }
  }

  private ScaleBenchmark() {}

  public static Report run(BenchContext ctx, Settings s) {
    if (!Files.isRegularFile(s.pipeline())) {
      throw new BenchException("no pipeline file " + s.pipeline());
    }
    for (Size size : s.sizes()) {
      if (!Files.isRegularFile(size.csv())) {
        throw new BenchException("no flights data " + size.csv() + "; scripts/bench/flights.sh --prepare-only --times 10 makes it");
      }
    }
    String pipeline = Logs.read(s.pipeline());
    LoadAverage before = LoadAverage.now();
    List<Outcome> outcomes = new ArrayList<>();
    for (Size size : s.sizes()) {
      outcomes.add(runOne(ctx, s, pipeline, size));
    }
    return report(ctx, s, outcomes, before, LoadAverage.now());
  }

  private static Outcome runOne(BenchContext ctx, Settings s, String pipeline, Size size) {
    Outcome o = runOnce(ctx, s, pipeline, size);
    Path jfr = ctx.logs().resolve("scale-" + size.label().toLowerCase(Locale.ROOT) + ".jfr");
    if (s.jfr() && Files.isRegularFile(jfr)) {
      try {
        return o.withCpuSamples(JfrSteps.samplesPerStep(jfr));
      } catch (UncheckedIOException e) {
        System.out.println("scale: no CPU samples per step: " + e.getMessage());
      }
    }
    return o;
  }

  private static Outcome runOnce(BenchContext ctx, Settings s, String pipeline, Size size) {
    String name = "scale-" + size.label().toLowerCase(Locale.ROOT);
    Path project = ctx.data().resolve("scale/project-" + size.label().toLowerCase(Locale.ROOT));
    BenchProject.create(project, withCsvPath(pipeline, size.csv()), true);
    Path gcLog = ctx.logs().resolve(name + "-gc.log");
    List<String> options = new ArrayList<>(List.of(GcLog.option(gcLog), "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=" + ctx.logs().toAbsolutePath()));
    if (s.jfr()) {
      options.add("-XX:StartFlightRecording=filename=" + ctx.logs().resolve(name + ".jfr").toAbsolutePath() + ",dumponexit=true");
    }
    Jvm jvm = ctx.jvm().withOptions(options);
    TimedCommand run = ctx.command("kiln run " + size.label(), jvm.kiln("run", "--project", project.toString(),
        project.resolve("pipeline.yaml").toString(), "--runner", "flink"));
    Path log = ctx.logs().resolve(name + ".log");
    LoadAverage load = LoadAverage.now();
    System.out.printf("scale: %s (%,d rows) … log %s%n", size.label(), size.rows(), log);
    try {
      TimedCommand.Result r = run.run(log, s.limit());
      String out = Logs.read(r.log());
      Map<String, Double> steps = PeerOutputs.kilnRun(out);
      if (!out.contains(String.format(Locale.ROOT, "examples %,d rows", size.rows()))) {
        return new Outcome(size, r, steps, GcLog.read(gcLog), null, "did not read " + size.rows() + " rows; see " + log, load);
      }
      Double auc = auc(ctx, project, name);
      System.out.printf("scale: %s done in %.1f s%n", size.label(), r.wallMillis() / 1000);
      return new Outcome(size, r, steps, GcLog.read(gcLog), auc, null, load);
    } catch (TimedCommand.TimedOut e) {
      return new Outcome(size, e.partial(), Map.of(), gcIfAny(gcLog), null,
          "did not finish in " + e.limit().toSeconds() + " s (last line: " + PeersBenchmark.lastStep(log) + ")", load);
    } catch (BenchException e) {
      String out = Files.isRegularFile(log) ? Logs.read(log) : "";
      String why = GcLog.ranOutOfMemory(out) ? "OutOfMemoryError" : "failed";
      return new Outcome(size, null, Map.of(), gcIfAny(gcLog), null, why + ": " + e.getMessage(), load);
    }
  }

  private static GcLog.Summary gcIfAny(Path gcLog) {
    return Files.isRegularFile(gcLog) ? GcLog.read(gcLog) : null;
  }

  private static Double auc(BenchContext ctx, Path project, String name) {
    TimedCommand show = ctx.command("kiln show", ctx.jvm().kiln("show", "last", "--project", project.toString()));
    try {
      return PeerOutputs.kilnAuc(Logs.read(show.run(ctx.logs().resolve(name + "-show.log")).log()));
    } catch (BenchException e) {
      return null;
    }
  }

  /**
   * The pipeline with its csv step reading {@code csv} (an absolute path) instead.
   *
   * @throws BenchException unless the pipeline has exactly one {@code path: ….csv} line
   */
  static String withCsvPath(String pipeline, Path csv) {
    Matcher m = CSV_PATH.matcher(pipeline);
    if (!m.find()) {
      throw new BenchException("the pipeline has no 'path: ….csv' line to point at the data");
    }
    int start = m.start(3);
    int end = m.end(3);
    if (m.find()) {
      throw new BenchException("the pipeline has more than one 'path: ….csv' line; the scale benchmark needs one csv step");
    }
    return pipeline.substring(0, start) + csv.toAbsolutePath().normalize() + pipeline.substring(end);
  }

  static Report report(BenchContext ctx, Settings s, List<Outcome> outcomes, LoadAverage before, LoadAverage after) {
    Report r = new Report("Flights at scale: " + String.join(" then ", outcomes.stream().map(o -> o.size().label()).toList())
        + " rows on embedded Flink");
    r.line("`kiln run` of `%s` (its csv path pointed at each file) in a fresh project, `--runner flink`, one run per size, "
        + "in this order. JVM options of each run: `%s` plus a GC log.", s.pipeline().getFileName(),
        String.join(" ", ctx.jvm().options()));
    r.line("");
    Outcome base = outcomes.get(0);
    StringBuilder head = new StringBuilder("| | ");
    StringBuilder rule = new StringBuilder("| --- | ");
    for (Outcome o : outcomes) {
      head.append(String.format(Locale.ROOT, "%s (%,d rows) | ", o.size().label(), o.size().rows()));
      rule.append("---: | ");
    }
    for (int i = 1; i < outcomes.size(); i++) {
      head.append(outcomes.get(i).size().label()).append(" / ").append(base.size().label()).append(" | ");
      rule.append("---: | ");
    }
    r.line("%s", head.toString().strip());
    r.line("%s", rule.toString().strip());
    row(r, outcomes, "wall", o -> o.result() == null ? null : o.result().wallMillis() / 1000, "%.1f s");
    row(r, outcomes, "CPU (user + system)", o -> o.result() == null || o.result().cpuMillis() < 0 ? null
        : o.result().cpuMillis() / 1000, "%.1f s");
    row(r, outcomes, "peak RSS", o -> o.result() == null || o.result().peakRssKb() < 0 ? null
        : o.result().peakRssKb() / 1024.0, "%.0f MiB");
    row(r, outcomes, "kiln's run time", o -> o.steps().get("kiln run ms") == null ? null : o.steps().get("kiln run ms") / 1000, "%.1f s");
    Set<String> stepKeys = new LinkedHashSet<>();
    outcomes.forEach(o -> o.steps().keySet().stream().filter(k -> k.startsWith("kiln: ")).forEach(stepKeys::add));
    for (String k : stepKeys) {
      String step = k.substring("kiln: ".length(), k.length() - " done at ms".length());
      row(r, outcomes, "step " + step, o -> o.steps().get(k) == null ? null : o.steps().get(k) / 1000, "%.1f s");
    }
    row(r, outcomes, "GC pauses (count)", o -> o.gc() == null ? null : (double) o.gc().pauses(), "%.0f");
    row(r, outcomes, "GC pause time", o -> o.gc() == null ? null : o.gc().pauseMillis() / 1000, "%.1f s");
    row(r, outcomes, "full collections", o -> o.gc() == null ? null : (double) o.gc().fullCollections(), "%.0f");
    row(r, outcomes, "largest heap in use after a GC", o -> o.gc() == null ? null : (double) o.gc().maxAfterMib(), "%.0f MiB");
    row(r, outcomes, "AUC", Outcome::auc, "%.4f");
    if (outcomes.stream().anyMatch(o -> !o.cpuSamples().isEmpty())) {
      // JFR's execution samples (one per 20 ms of a running Java thread): what each step used, not how long it waited
      Set<String> parts = new LinkedHashSet<>();
      for (String k : stepKeys) {
        parts.add(k.substring("kiln: ".length(), k.length() - " done at ms".length()));
      }
      outcomes.forEach(o -> parts.addAll(o.cpuSamples().keySet()));
      for (String part : parts) {
        row(r, outcomes, "CPU samples: " + part, o -> o.cpuSamples().isEmpty() ? null
            : (double) o.cpuSamples().getOrDefault(part, 0L), "%.0f");
      }
      row(r, outcomes, "CPU samples: all", o -> o.cpuSamples().isEmpty() ? null
          : (double) o.cpuSamples().values().stream().mapToLong(Long::longValue).sum(), "%.0f");
    }
    r.line("");
    for (Outcome o : outcomes) {
      r.line("- %s: %s; 1-minute load when it started: %s.", o.size().label(),
          o.failure() == null ? "completed" : o.failure(), o.loadBefore() == null ? "–" : o.loadBefore().one());
    }
    for (int i = 1; i < outcomes.size(); i++) {
      Outcome big = outcomes.get(i);
      if (big.failure() == null && base.failure() == null) {
        double ratio = big.result().wallMillis() / base.result().wallMillis();
        double rows = (double) big.size().rows() / base.size().rows();
        r.line("- Wall %s / %s: %.2f for %.0f× the rows (target ≤ %.0f: %s).", big.size().label(), base.size().label(), ratio, rows,
            rows * 1.1, ratio <= rows * 1.1 ? "met" : "NOT met");
      }
    }
    r.line("");
    r.line("Load average (1/5/15 min) before: %s; after: %s. Machine: %d cores.", before, after,
        Runtime.getRuntime().availableProcessors());
    return r;
  }

  private interface Figure {
    Double of(Outcome o);
  }

  private static void row(Report r, List<Outcome> outcomes, String name, Figure figure, String format) {
    StringBuilder line = new StringBuilder("| ").append(name).append(" | ");
    List<Double> values = new ArrayList<>();
    for (Outcome o : outcomes) {
      Double v = figure.of(o);
      values.add(v);
      line.append(v == null ? "–" : String.format(Locale.ROOT, format, v)).append(" | ");
    }
    for (int i = 1; i < outcomes.size(); i++) {
      Double b = values.get(0);
      Double v = values.get(i);
      line.append(b == null || v == null || b == 0 || name.equals("AUC") ? "–" : String.format(Locale.ROOT, "%.2f", v / b)).append(" | ");
    }
    r.line("%s", line.toString().strip());
  }

  /** The default sizes: the 3M rows and {@code times} copies of them (flights.sh --times writes that file). */
  static List<Size> flightsSizes(Path data, int times) {
    Map<String, Size> sizes = new LinkedHashMap<>();
    sizes.put("3M", new Size("3M", data.resolve("flights/flights-3m.csv"), 3_000_000L));
    String big = (3 * times) + "M";
    sizes.put(big, new Size(big, data.resolve("flights/flights-" + (3 * times) + "m.csv"), 3_000_000L * times));
    return List.copyOf(sizes.values());
  }
}
