package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's garbage collector did, read from its unified GC log ({@code -Xlog:gc:file=…}, one line
 * per collection, as {@link #option} asks for): the number of stop-the-world pauses and their total
 * time, the full collections among them (a heap too small for the work shows as many of these), and the
 * largest heap still in use after a collection (the live data, which must stay below {@code -Xmx}).
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * List<String> jvm = List.of("-Xmx2g", GcLog.option(log));   // ... the child runs ...
 * GcLog.Summary gc = GcLog.read(log);
 * }</pre>
 */
public final class GcLog {
  // "[0.5s][info][gc] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->42M(140M) 8.214ms"
  private static final Pattern PAUSE = Pattern.compile(
      "\\bGC\\(\\d+\\) (Pause .*?)\\s+(\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
  // Remark and Cleanup print no heap sizes in some versions: "GC(3) Pause Remark 1.234ms"
  private static final Pattern BARE_PAUSE = Pattern.compile("\\bGC\\(\\d+\\) (Pause (?:Remark|Cleanup))\\s+([0-9.]+)ms");
  private static final Pattern OUT_OF_MEMORY = Pattern.compile("OutOfMemoryError|Java heap space");

  private GcLog() {}

  /**
   * @param pauses stop-the-world collections
   * @param pauseMillis their summed duration
   * @param fullCollections how many of them were full collections ("Pause Full")
   * @param maxAfterMib the largest heap in use right after a collection, MiB
   * @param maxCommittedMib the largest committed heap, MiB
   */
  public record Summary(int pauses, double pauseMillis, int fullCollections, long maxAfterMib, long maxCommittedMib) {}

  /** The JVM option that writes the log this class reads. */
  public static String option(Path log) {
    return "-Xlog:gc:file=" + log.toAbsolutePath() + ":uptime";
  }

  /** Reads a GC log written with {@link #option}. */
  public static Summary read(Path log) {
    try {
      return parse(Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the GC log " + log + ": " + e.getMessage(), e);
    }
  }

  static Summary parse(String text) {
    int pauses = 0;
    int full = 0;
    double millis = 0;
    long maxAfter = 0;
    long maxCommitted = 0;
    for (String line : text.split("\n")) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses++;
        millis += Double.parseDouble(m.group(5));
        full += m.group(1).startsWith("Pause Full") ? 1 : 0;
        maxAfter = Math.max(maxAfter, Long.parseLong(m.group(3)));
        maxCommitted = Math.max(maxCommitted, Long.parseLong(m.group(4)));
        continue;
      }
      Matcher b = BARE_PAUSE.matcher(line);
      if (b.find()) {
        pauses++;
        millis += Double.parseDouble(b.group(2));
      }
    }
    return new Summary(pauses, millis, full, maxAfter, maxCommitted);
  }

  /** Whether a child's output reports that its heap ran out. */
  static boolean ranOutOfMemory(String output) {
    return OUT_OF_MEMORY.matcher(output).find();
  }
}
