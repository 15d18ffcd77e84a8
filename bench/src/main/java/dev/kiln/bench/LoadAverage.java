package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The system load average (1, 5, 15 minutes) from {@code /proc/loadavg}; recorded with every result. */
public record LoadAverage(double one, double five, double fifteen) {

  /** The current load average, or null where {@code /proc/loadavg} does not exist (not Linux). */
  public static LoadAverage now() {
    Path file = Path.of("/proc/loadavg");
    if (!Files.isReadable(file)) {
      return null;
    }
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses the first three fields of a {@code /proc/loadavg} line. */
  public static LoadAverage parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 3) {
      throw new IllegalArgumentException("not a /proc/loadavg line: '" + line.trim() + "'");
    }
    return new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
  }

  @Override
  public String toString() {
    return one + " " + five + " " + fifteen;
  }
}
