package dev.kiln.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one command as a child process and measures it from process start to exit. Where GNU time
 * is installed ({@code /usr/bin/time}) the command runs under it, so the child's CPU time (user +
 * system) is measured too: on a loaded machine CPU time varies much less than wall time. Output
 * goes to a log file, so a chatty child never blocks on a full pipe.
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
   * @param log the child's stdout and stderr
   */
  public record Result(double wallMillis, double cpuMillis, Path log) {}

  /**
   * Runs the command once; its output goes to {@code log}.
   *
   * @throws BenchException naming the command, its exit code and the log's last lines when it does not exit 0
   */
  public Result run(Path log) {
    Path cpuFile = null;
    List<String> full = new ArrayList<>();
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      if (Files.isExecutable(GNU_TIME)) {
        cpuFile = Files.createTempFile("kiln-bench-time", ".txt");
        full.addAll(List.of(GNU_TIME.toString(), "-o", cpuFile.toString(), "-f", "%U %S"));
      }
      full.addAll(command);
      ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      long start = System.nanoTime();
      Process p = pb.start();
      int code = p.waitFor();
      double wall = (System.nanoTime() - start) / 1e6;
      if (code != 0) {
        throw new BenchException(label + ": '" + String.join(" ", command) + "' exited with code " + code
            + "; see " + log + ": " + tail(log));
      }
      return new Result(wall, cpuFile == null ? -1 : cpuMillis(cpuFile), log);
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

  /** GNU time's "%U %S" line (seconds), possibly after lines the command itself wrote there. */
  static double cpuMillis(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length == 2) {
        try {
          return (Double.parseDouble(f[0]) + Double.parseDouble(f[1])) * 1000;
        } catch (NumberFormatException e) {
          // not the timing line; keep looking upwards
        }
      }
    }
    return -1;
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
