package dev.kiln.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Target 1: a fully cached {@code kiln run} of the taxi pipeline costs ≤ 1.5 s beyond a bare JVM
 * start, on the 10,000-row CSV and on the same rows ×{@code times} (the cost must not grow with the
 * data). Then the per-phase breakdown of {@link CachedRunProfile} for both.
 */
public final class CachedRunBenchmark {
  static final double TARGET_MS = 1500;
  private static final String ALL_CACHED = "(3 cached)";

  private CachedRunBenchmark() {}

  public static Report run(BenchContext ctx) {
    Path big = ctx.bigCsv();
    BenchProject small = BenchProject.create(ctx.data().resolve("cached-x1"), BenchProject.taxiPipeline(ctx.taxiCsv()), false);
    BenchProject large = BenchProject.create(ctx.data().resolve("cached-x" + ctx.times()), BenchProject.taxiPipeline(big), false);
    for (BenchProject p : List.of(small, large)) {
      TimedCommand first = ctx.command("first run " + p.dir().getFileName(), runCommand(ctx, p));
      TimedCommand.Result r = first.run(ctx.logs().resolve("cached-first-" + p.dir().getFileName() + ".log"));
      System.out.printf("first run of %s: %.1f s (computes whatever is not cached yet)%n", p.dir(), r.wallMillis() / 1000);
    }

    String bare = "bare JVM (empty main)";
    String x1 = "kiln run, cached, 10k rows";
    String xN = "kiln run, cached, " + ctx.times() / 100.0 + "M rows";
    Comparison c = new Comparison("cached", ctx.logs())
        .add(ctx.command(bare, ctx.jvm().bare()), null)
        .add(ctx.command(x1, runCommand(ctx, small)), ALL_CACHED)
        .add(ctx.command(xN, runCommand(ctx, large)), ALL_CACHED);
    String x1Cds = x1 + ", AppCDS";
    String xNCds = xN + ", AppCDS";
    List<String> labels = new ArrayList<>(List.of(x1, xN));
    if (ctx.cdsArchive() != null) {
      Jvm cds = ctx.jvm().withCds(ctx.cdsArchive());
      c.add(ctx.command(x1Cds, runCommand(cds, small)), ALL_CACHED).add(ctx.command(xNCds, runCommand(cds, large)), ALL_CACHED);
      labels.addAll(List.of(x1Cds, xNCds));
    }
    c.run(ctx.rounds());

    Report report = new Report("Fully cached run (target: ≤ " + (int) TARGET_MS + " ms beyond a bare JVM)");
    report.table(c).line("");
    double base = c.wall(bare).median();
    for (String label : labels) {
      double over = c.wall(label).median() - base;
      report.line("- %s: **%.0f ms** beyond the bare JVM (wall medians) — %s; CPU beyond bare JVM: %.0f ms",
          label, over, over <= TARGET_MS ? "meets the target" : "MISSES the target",
          c.cpu(label).size() == 0 ? Double.NaN : c.cpu(label).median() - c.cpu(bare).median());
    }
    report.line("- data-size independence: overhead(%s) / overhead(10k) = %.2f",
        xN, (c.wall(xN).median() - base) / (c.wall(x1).median() - base));
    if (ctx.cdsArchive() != null) {
      report.line("- AppCDS (archive %s) saves %.0f ms wall and %.0f ms CPU on the 10k-row cached run (medians)",
          ctx.cdsArchive().getFileName(), c.wall(x1).median() - c.wall(x1Cds).median(), c.cpu(x1).median() - c.cpu(x1Cds).median());
    }
    report.line("");
    Map<String, BenchProject> projects = new LinkedHashMap<>();
    projects.put("10k rows", small);
    projects.put(ctx.times() / 100.0 + "M rows", large);
    breakdown(ctx, report, projects);
    return report;
  }

  private static List<String> runCommand(BenchContext ctx, BenchProject p) {
    return runCommand(ctx.jvm(), p);
  }

  private static List<String> runCommand(Jvm jvm, BenchProject p) {
    return jvm.kiln("run", "--project", p.dir().toString(), p.pipelineFile().toString());
  }

  /** Median per phase over {@code rounds} profiled runs of each project. */
  private static void breakdown(BenchContext ctx, Report report, Map<String, BenchProject> projects) {
    Map<String, Map<String, Samples>> byProject = new LinkedHashMap<>();
    Map<String, Long> classes = new LinkedHashMap<>();
    for (int round = 0; round < ctx.rounds(); round++) {
      for (Map.Entry<String, BenchProject> e : projects.entrySet()) {
        BenchProject p = e.getValue();
        TimedCommand profile = ctx.command("profile " + e.getKey(), ctx.jvm().command(CachedRunProfile.class.getName(),
            p.dir().toString(), p.pipelineFile().toString()));
        TimedCommand.Result r = profile.run(ctx.logs().resolve("cached-profile-" + Comparison.slug(e.getKey()) + "-" + round + ".log"));
        Map<String, Samples> phases = byProject.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
        for (String line : Logs.read(r.log()).lines().toList()) {
          String[] f = line.split("\t");
          if (f.length == 3) {
            phases.computeIfAbsent(f[0], k -> new Samples(k)).add(Double.parseDouble(f[1]));
            classes.put(f[0], Long.parseLong(f[2]));
          }
        }
        phases.computeIfAbsent("(process start to exit, measured outside)", k -> new Samples(k)).add(r.wallMillis());
      }
    }
    List<String> names = new ArrayList<>(projects.keySet());
    report.line("Breakdown of a cached run (CachedRunProfile: the run command's work phase by phase, first use in a"
        + " fresh JVM; median of %d runs each; classes loaded in the phase):", ctx.rounds());
    report.line("");
    report.line("| phase | %s | classes loaded |", String.join(" | ", names));
    report.line("| --- |%s ---: |", " ---: |".repeat(names.size()));
    for (String phase : byProject.get(names.get(0)).keySet()) {
      StringBuilder row = new StringBuilder("| " + phase + " |");
      for (String n : names) {
        Samples s = byProject.get(n).get(phase);
        row.append(s == null ? " – |" : String.format(java.util.Locale.ROOT, " %.0f ms |", s.median()));
      }
      Long k = classes.get(phase);
      row.append(k == null ? " – |" : " " + k + " |");
      report.line("%s", row);
    }
  }
}
