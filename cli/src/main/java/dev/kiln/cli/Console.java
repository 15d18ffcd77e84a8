package dev.kiln.cli;

import java.io.PrintStream;
import java.text.NumberFormat;
import java.util.Locale;

/** Output for people: plain lines on stdout, errors on stderr. Logs are separate (slf4j). */
final class Console {
  private final PrintStream out;
  private final PrintStream err;

  Console(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  synchronized void info(String line) {
    out.println(line);
    out.flush();
  }

  synchronized void error(String line) {
    err.println(line);
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
