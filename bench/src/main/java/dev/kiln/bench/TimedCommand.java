package dev.kiln.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;

/**
 * Runs one command as a child process and measures it from process start to exit. Where GNU time
 * is installed ({@code /usr/bin/time}) the command runs under it, so the child's CPU time (user +
 * system) and peak resident set size are measured too: on a loaded machine CPU time varies much
 * less than wall time. Output goes to a log file, so a chatty child never blocks on a full pipe.
 */
public final class TimedCommand {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  private final String label;
  private final List<String> command;
  private final Path workDir;
  private final Map<String, String> env;

  public TimedCommand(String label, List<String> command, Path workDir, Map<String, String> env) {
    this.label = label;
    this.command = List.copyOf(command);
    this.workDir = workDir;
    this.env = Map.copyOf(env);
  }

  public TimedCommand(String label, List<String> command, Path workDir) {
    this(label, command, workDir, Map.of());
  }

  public String label() {
    return label;
  }

  public List<String> command() {
    return command;
  }

  /**
   * One measured run.
   *
   * @param wallMillis process start to exit
   * @param cpuMillis user + system CPU of the child, or -1 when GNU time is not available
   * @param peakRssKb the child's maximum resident set size in KiB (GNU time's {@code %M}), or -1
   *     when GNU time is not available
   * @param log the child's stdout and stderr
   * @param startMillis when the child was started (epoch milliseconds), to match it with events
   *     other programs report (a Flink job's timestamps)
   */
  public record Result(double wallMillis, double cpuMillis, long peakRssKb, Path log, long startMillis) {}

  /**
   * Runs the command once; its output goes to {@code log}.
   *
   * @throws BenchException naming the command, its exit code and the log's last lines when it does not exit 0
   */
  public Result run(Path log) {
    return run(log, null);
  }

  /**
   * A run stopped at its time limit. {@link #partial} has the wall time until the stop and, read from
   * {@code /proc} just before it, the CPU time and the largest peak RSS of the processes of the command
   * (-1 where they could not be read).
   */
  public static final class TimedOut extends BenchException {
    private final Result partial;
    private final Duration limit;

    TimedOut(String label, Duration limit, Result partial) {
      super(label + ": did not finish in " + limit.toSeconds() + " s; stopped (see " + partial.log() + ")");
      this.partial = partial;
      this.limit = limit;
    }

    public Result partial() {
      return partial;
    }

    public Duration limit() {
      return limit;
    }
  }

  /**
   * Runs the command once, stopping it (and every process it started) when it has not exited within
   * {@code limit}; a null limit waits for as long as it takes.
   *
   * @throws TimedOut when the limit was reached
   * @throws BenchException when it does not exit 0
   */
  public Result run(Path log, Duration limit) {
    Path cpuFile = null;
    List<String> full = new ArrayList<>();
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      if (Files.isExecutable(GNU_TIME)) {
        cpuFile = Files.createTempFile("kiln-bench-time", ".txt");
        full.addAll(List.of(GNU_TIME.toString(), "-o", cpuFile.toString(), "-f", "%U %S %M"));
      }
      full.addAll(command);
      ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      long startMillis = System.currentTimeMillis();
      long start = System.nanoTime();
      Process p = pb.start();
      if (limit != null && !p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        Result partial = stop(p, (System.nanoTime() - start) / 1e6, log, startMillis);
        throw new TimedOut(label, limit, partial);
      }
      int code = p.waitFor();
      double wall = (System.nanoTime() - start) / 1e6;
      if (code != 0) {
        throw new BenchException(label + ": '" + String.join(" ", command) + "' exited with code " + code
            + "; see " + log + ": " + tail(log));
      }
      if (cpuFile == null) {
        return new Result(wall, -1, -1, log, startMillis);
      }
      double[] time = gnuTime(cpuFile);
      return new Result(wall, time[0], (long) time[1], log, startMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(label + ": cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException(label + ": interrupted");
    } finally {
      if (cpuFile != null) {
        new File(cpuFile.toString()).delete();
      }
    }
  }

  /**
   * Measures what it can of a running command and kills it with all its descendants (GNU time does not
   * pass a kill on to its child): CPU is the sum over the processes, peak RSS the largest {@code VmHWM}.
   */
  private static Result stop(Process p, double wallMillis, Path log, long startMillis) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(p.toHandle());
    p.descendants().forEach(tree::add);
    double cpu = 0;
    long peak = -1;
    for (ProcessHandle h : tree) {
      cpu += h.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
      try {
        peak = Math.max(peak, ProcessMemory.peakRssKb(h.pid()));
      } catch (BenchException | NumberFormatException e) {
        // gone already, or no /proc (not Linux): no figure from this one
      }
    }
    for (int i = tree.size() - 1; i >= 0; i--) { // children first, so none is left orphaned and running
      tree.get(i).destroyForcibly();
    }
    p.waitFor();
    return new Result(wallMillis, cpu > 0 ? cpu : -1, peak, log, startMillis);
  }

  /** The CPU milliseconds of GNU time's output (see {@link #gnuTime}), or -1 when it has no timing line. */
  static double cpuMillis(Path file) throws IOException {
    return gnuTime(file)[0];
  }

  /**
   * GNU time's "%U %S %M" line — user and system seconds, peak RSS in KiB; an older "%U %S" line has
   * no RSS — possibly after lines the command itself wrote there.
   *
   * @return {CPU milliseconds, peak RSS KiB}, each -1 when absent
   */
  static double[] gnuTime(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length == 2 || f.length == 3) {
        try {
          double cpu = (Double.parseDouble(f[0]) + Double.parseDouble(f[1])) * 1000;
          double rss = f.length == 3 ? Long.parseLong(f[2]) : -1;
          return new double[] {cpu, rss};
        } catch (NumberFormatException e) {
          // not the timing line; keep looking upwards
        }
      }
    }
    return new double[] {-1, -1};
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
