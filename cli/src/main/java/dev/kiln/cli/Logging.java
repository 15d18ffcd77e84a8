package dev.kiln.cli;

/**
 * Logs are for operators: quiet by default (warnings only, so Beam and Flyway do not drown the
 * per-step progress), everything at info with --verbose. Set before any logger is created.
 */
final class Logging {
  /** Held so the level set below sticks: java.util.logging keeps loggers only weakly. */
  private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

  private Logging() {}

  static void configure(boolean verbose) {
    if (!verbose) {
      // Tribuo (the local trainer) logs every training through java.util.logging: operators' detail.
      TRIBUO.setLevel(java.util.logging.Level.WARNING);
    }
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    if (!verbose) {
      // Beam's DirectRunner warns about every unbounded sleep; sqlite/flyway chatter is noise here.
      setIfAbsent("org.slf4j.simpleLogger.log.org.flywaydb", "error");
      // Embedded Flink warns about its web UI, security tokens and every operator name over 80
      // characters (each Beam path): operators' concerns; a failed job reaches the user as a FAILED step.
      setIfAbsent("org.slf4j.simpleLogger.log.org.apache.flink", "error");
      // Kiln leaves Beam's fasterCopy off on purpose (a user step that mutates its input stays safe), and
      // reports a failed job as a FAILED step with its cause: the runner's own warning and stack trace are noise.
      setIfAbsent("org.slf4j.simpleLogger.log.org.apache.beam.runners.flink.FlinkRunner", "off");
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
