package dev.kiln.cli;

import dev.kiln.core.run.Redaction;
import java.io.PrintStream;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * Output for people: plain lines on stdout, errors on stderr, credentials redacted ({@link Redaction}):
 * an error may quote a JDBC or storage URL. Logs are separate (slf4j, to the log file: {@link Logging}).
 */
final class Console {
  private final PrintStream out;
  private final PrintStream err;

  Console(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  synchronized void info(String line) {
    out.println(Redaction.apply(line));
    out.flush();
  }

  synchronized void error(String line) {
    err.println(Redaction.apply(line));
    err.flush();
  }

  static String count(long n) {
    return NumberFormat.getIntegerInstance(Locale.US).format(n);
  }

  static String seconds(long millis) {
    return String.format(Locale.US, "%.1fs", millis / 1000.0);
  }

  static String shortHash(String hash) {
    return hash == null ? "-" : hash.substring(0, Math.min(12, hash.length()));
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
