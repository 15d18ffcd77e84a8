package dev.kiln.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several commands side by side: {@code rounds} rounds, each running every command once, in an
 * order rotated from round to round so that no command always runs first (warm page cache) or last.
 * Keeps wall, CPU and peak-memory samples per command, any further measurements an {@link Observe}
 * takes after each run, and the load average before and after.
 */
public final class Comparison {
  /** Something to do before each timed run of a command (e.g. delete the previous run's output). */
  public interface Prepare {
    void before(int round);
  }

  /**
   * Further measurements of a timed run, taken right after it (e.g. from its log, or from the Flink
   * cluster that ran its job): name to value; kept as samples per command under that name.
   */
  public interface Observe {
    Map<String, Double> after(int round, TimedCommand.Result result);
  }

  private record Entry(TimedCommand command, Prepare prepare, String expect, Observe observe) {}

  private final String name;
  private final Path logDir;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Samples> wall = new LinkedHashMap<>();
  private final Map<String, Samples> cpu = new LinkedHashMap<>();
  private final Map<String, Samples> peakRss = new LinkedHashMap<>();
  private final Map<String, Map<String, Samples>> observed = new LinkedHashMap<>();
  private final Map<String, List<TimedCommand.Result>> unfinished = new LinkedHashMap<>();
  private Duration limit;
  private LoadAverage loadBefore;
  private LoadAverage loadAfter;

  public Comparison(String name, Path logDir) {
    this.name = name;
    this.logDir = logDir;
  }

  /**
   * Adds a command; {@code expect}, when not null, is text its output must contain (e.g. "3 cached"),
   * so that a run that did something else than the benchmark means is never counted.
   */
  public Comparison add(TimedCommand command, Prepare prepare, String expect) {
    return add(command, prepare, expect, (round, result) -> Map.of());
  }

  /** Adds a command whose runs {@code observe} measures further; see {@link #observed}. */
  public Comparison add(TimedCommand command, Prepare prepare, String expect, Observe observe) {
    entries.add(new Entry(command, prepare, expect, observe));
    wall.put(command.label(), new Samples(command.label()));
    cpu.put(command.label(), new Samples(command.label()));
    peakRss.put(command.label(), new Samples(command.label()));
    observed.put(command.label(), new LinkedHashMap<>());
    unfinished.put(command.label(), new ArrayList<>());
    return this;
  }

  /**
   * Stops every timed run at {@code limit}: such a run counts as "did not finish" (see
   * {@link #unfinished}), adds no samples, and the rounds go on.
   */
  public Comparison withLimit(Duration limit) {
    this.limit = limit;
    return this;
  }

  public Duration limit() {
    return limit;
  }

  public Comparison add(TimedCommand command, String expect) {
    return add(command, round -> {}, expect);
  }

  /** Runs the rounds, printing one line per timed run to {@code System.out}. */
  public Comparison run(int rounds) {
    loadBefore = LoadAverage.now();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get((i + round) % entries.size());
        e.prepare().before(round);
        TimedCommand.Result r;
        try {
          r = e.command().run(logDir.resolve(name + "-" + slug(e.command().label()) + "-" + round + ".log"), limit);
        } catch (TimedCommand.TimedOut t) {
          unfinished.get(e.command().label()).add(t.partial());
          System.out.printf(java.util.Locale.ROOT, "  [%s round %d] %-28s did not finish in %d s (stopped; cpu %8.0f ms  peak RSS %6.0f MiB so far)%n",
              name, round + 1, e.command().label(), limit.toSeconds(), t.partial().cpuMillis(), t.partial().peakRssKb() / 1024.0);
          continue;
        }
        if (e.expect() != null && !Logs.contains(r.log(), e.expect())) {
          throw new BenchException(e.command().label() + ": expected '" + e.expect() + "' in its output, see " + r.log());
        }
        wall.get(e.command().label()).add(r.wallMillis());
        if (r.cpuMillis() >= 0) {
          cpu.get(e.command().label()).add(r.cpuMillis());
        }
        if (r.peakRssKb() >= 0) {
          peakRss.get(e.command().label()).add(r.peakRssKb() / 1024.0);
        }
        StringBuilder more = new StringBuilder();
        for (Map.Entry<String, Double> m : e.observe().after(round, r).entrySet()) {
          observed.get(e.command().label()).computeIfAbsent(m.getKey(), Samples::new).add(m.getValue());
          more.append("  ").append(m.getKey()).append(' ').append(number(m.getValue()));
        }
        System.out.printf(java.util.Locale.ROOT, "  [%s round %d] %-28s wall %8.0f ms  cpu %8.0f ms  peak RSS %6.0f MiB%s%n",
            name, round + 1, e.command().label(), r.wallMillis(), r.cpuMillis(), r.peakRssKb() / 1024.0, more);
      }
    }
    loadAfter = LoadAverage.now();
    return this;
  }

  /** A measurement as printed: whole numbers (milliseconds, MiB) without decimals, others (an AUC) with six digits. */
  static String number(double v) {
    return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%.0f", v)
        : String.format(java.util.Locale.ROOT, "%.6f", v);
  }

  /** The runs of a command stopped at the {@link #withLimit limit}, with what was measured until then. */
  public List<TimedCommand.Result> unfinished(String label) {
    return List.copyOf(unfinished.get(label));
  }

  public Samples wall(String label) {
    return wall.get(label);
  }

  /** CPU samples, empty when GNU time was not available. */
  public Samples cpu(String label) {
    return cpu.get(label);
  }

  /** Peak RSS samples in MiB, empty when GNU time was not available. */
  public Samples peakRss(String label) {
    return peakRss.get(label);
  }

  /** The samples an {@link Observe} took of a command's runs, by measurement name (in first-seen order). */
  public Map<String, Samples> observed(String label) {
    return observed.get(label);
  }

  public LoadAverage loadBefore() {
    return loadBefore;
  }

  public LoadAverage loadAfter() {
    return loadAfter;
  }

  public List<TimedCommand> commands() {
    return entries.stream().map(Entry::command).toList();
  }

  static String slug(String label) {
    return label.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
