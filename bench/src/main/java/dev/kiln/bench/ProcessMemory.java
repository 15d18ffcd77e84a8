package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of a running process that this benchmark did not start as its child (a Flink
 * TaskManager), from Linux's {@code /proc/PID/status}: {@code VmRSS} now and {@code VmHWM}, the peak
 * since the process started or since {@link #resetPeak} (writing 5 to {@code /proc/PID/clear_refs},
 * Linux 4.0+, allowed for the process's owner).
 */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Resets the process's peak RSS to its current RSS. */
  public static void resetPeak(long pid) {
    try {
      Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
    } catch (IOException e) {
      throw new BenchException("cannot reset the peak RSS of pid " + pid + " (/proc/" + pid + "/clear_refs): " + e.getMessage());
    }
  }

  /** {@code VmHWM} in KiB: the peak RSS since start or the last {@link #resetPeak}. */
  public static long peakRssKb(long pid) {
    return field(status(pid), "VmHWM", pid);
  }

  /** {@code VmRSS} in KiB. */
  public static long rssKb(long pid) {
    return field(status(pid), "VmRSS", pid);
  }

  /** A "Name:   123 kB" field of a {@code /proc/PID/status} text, in KiB. */
  static long field(String status, String name, long pid) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        String[] f = line.substring(name.length() + 1).trim().split("\\s+");
        return Long.parseLong(f[0]);
      }
    }
    throw new BenchException("/proc/" + pid + "/status has no " + name + " line");
  }

  private static String status(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/status"));
    } catch (IOException e) {
      throw new BenchException("process " + pid + " is gone (cannot read /proc/" + pid + "/status)");
    }
  }

  /** The pid in a pid file (as scripts/flink-cluster.sh writes them). */
  public static long pidFrom(Path pidFile) {
    try {
      return Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      throw new BenchException("no pid in " + pidFile + " (is the cluster of scripts/flink-cluster.sh running?)");
    }
  }
}
