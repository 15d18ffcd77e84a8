package dev.kiln.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several commands side by side: {@code rounds} rounds, each running every command once, in an
 * order rotated from round to round so that no command always runs first (warm page cache) or last.
 * Keeps wall and CPU samples per command and the load average before and after.
 */
public final class Comparison {
  /** Something to do before each timed run of a command (e.g. delete the previous run's output). */
  public interface Prepare {
    void before(int round);
  }

  private record Entry(TimedCommand command, Prepare prepare, String expect) {}

  private final String name;
  private final Path logDir;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Samples> wall = new LinkedHashMap<>();
  private final Map<String, Samples> cpu = new LinkedHashMap<>();
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
    entries.add(new Entry(command, prepare, expect));
    wall.put(command.label(), new Samples(command.label()));
    cpu.put(command.label(), new Samples(command.label()));
    return this;
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
        TimedCommand.Result r = e.command().run(logDir.resolve(name + "-" + slug(e.command().label()) + "-" + round + ".log"));
        if (e.expect() != null && !Logs.contains(r.log(), e.expect())) {
          throw new BenchException(e.command().label() + ": expected '" + e.expect() + "' in its output, see " + r.log());
        }
        wall.get(e.command().label()).add(r.wallMillis());
        if (r.cpuMillis() >= 0) {
          cpu.get(e.command().label()).add(r.cpuMillis());
        }
        System.out.printf(java.util.Locale.ROOT, "  [%s round %d] %-28s wall %8.0f ms  cpu %8.0f ms%n",
            name, round + 1, e.command().label(), r.wallMillis(), r.cpuMillis());
      }
    }
    loadAfter = LoadAverage.now();
    return this;
  }

  public Samples wall(String label) {
    return wall.get(label);
  }

  /** CPU samples, empty when GNU time was not available. */
  public Samples cpu(String label) {
    return cpu.get(label);
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
