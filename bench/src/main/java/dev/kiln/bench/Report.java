package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A benchmark's result as Markdown: printed, and saved under bench-data/results/ for docs/benchmarks.md. */
public final class Report {
  private final String title;
  private final List<String> lines = new ArrayList<>();

  public Report(String title) {
    this.title = title;
  }

  public Report line(String format, Object... args) {
    lines.add(String.format(Locale.ROOT, format, args));
    return this;
  }

  /** A table of every command's wall and CPU samples, the first command being the baseline. */
  public Report table(Comparison c) {
    line("| command | wall median | wall min–max | CPU median | n |");
    line("| --- | ---: | ---: | ---: | ---: |");
    for (TimedCommand t : c.commands()) {
      Samples w = c.wall(t.label());
      Samples cpu = c.cpu(t.label());
      line("| %s | %.0f ms | %.0f–%.0f ms | %s | %d |", t.label(), w.median(), w.min(), w.max(),
          cpu.size() == 0 ? "–" : String.format(Locale.ROOT, "%.0f ms", cpu.median()), w.size());
    }
    line("");
    line("Load average (1/5/15 min) before: %s; after: %s. Machine: %d cores.", c.loadBefore(), c.loadAfter(),
        Runtime.getRuntime().availableProcessors());
    return this;
  }

  /**
   * A table of every command's wall time, CPU time and peak resident set size (median and min–max),
   * then the load average.
   */
  public Report tableWithMemory(Comparison c) {
    line("| command | wall median | wall min–max | CPU median | peak RSS median | peak RSS min–max | n |");
    line("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (TimedCommand t : c.commands()) {
      Samples w = c.wall(t.label());
      Samples cpu = c.cpu(t.label());
      Samples rss = c.peakRss(t.label());
      line("| %s | %.1f s | %.1f–%.1f s | %s | %s | %s | %d |", t.label(), w.median() / 1000, w.min() / 1000, w.max() / 1000,
          cpu.size() == 0 ? "–" : String.format(Locale.ROOT, "%.1f s", cpu.median() / 1000),
          rss.size() == 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", rss.median()),
          rss.size() == 0 ? "–" : String.format(Locale.ROOT, "%.0f–%.0f MiB", rss.min(), rss.max()), w.size());
    }
    line("");
    line("Load average (1/5/15 min) before: %s; after: %s. Machine: %d cores.", c.loadBefore(), c.loadAfter(),
        Runtime.getRuntime().availableProcessors());
    return this;
  }

  public String markdown() {
    return "### " + title + "\n\n" + String.join("\n", lines) + "\n";
  }

  /** Prints the report and saves it as {@code <dir>/<name>-<time>.md}; returns the file. */
  public Path publish(Path dir, String name) {
    String md = markdown();
    System.out.println();
    System.out.println(md);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
      Files.writeString(file, md);
      System.out.println("saved " + file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the report: " + e.getMessage(), e);
    }
  }
}
