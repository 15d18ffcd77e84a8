package dev.kiln.cli;

/**
 * Logs are for operators: quiet by default (warnings only, so Beam and Flyway do not drown the
 * per-step progress), everything at info with --verbose. Set before any logger is created.
 */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    if (!verbose) {
      // Beam's DirectRunner warns about every unbounded sleep; sqlite/flyway chatter is noise here.
      setIfAbsent("org.slf4j.simpleLogger.log.org.flywaydb", "error");
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
