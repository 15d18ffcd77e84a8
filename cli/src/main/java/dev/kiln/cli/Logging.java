package dev.kiln.cli;

/**
 * Logs are for operators: they go to the project's log file {@code .kiln/kiln.log} (its path is
 * printed when a command fails), not to the terminal, so Beam, Flink and Flyway do not drown the
 * per-step progress; with --verbose they reach the terminal too, at info. The levels are set before
 * any logger is created when kiln is the main program; a Java program that logged before calling
 * {@link Kiln#run} keeps its levels, but its runner logs still go to the file, not the terminal.
 */
final class Logging {
  /** What {@code System.err} is while a command runs (one per JVM, pointed at each command's project). */
  private static final LogSink SINK = new LogSink();

  /** Held so the level set below sticks: java.util.logging keeps loggers only weakly. */
  private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

  private Logging() {}

  /**
   * Sends logs to {@code <project>/.kiln/kiln.log} (the project holding {@code dir}, else the one
   * {@code dir} will become) and, when {@code verbose}, to the terminal's stderr as well.
   */
  static void configure(boolean verbose, java.nio.file.Path dir) {
    configure(verbose);
    java.nio.file.Path project;
    try {
      project = dev.kiln.core.project.KilnProject.find(dir).map(dev.kiln.core.project.KilnProject::dir)
          .orElse(dir.toAbsolutePath().normalize());
    } catch (RuntimeException e) {
      project = dir.toAbsolutePath().normalize(); // a broken config: the command reports it; logs go beside it
    }
    java.io.PrintStream terminal = System.err;
    if (terminal != SINK_STREAM) {
      TERMINAL = terminal;
    }
    SINK.target(project.resolve(dev.kiln.core.project.KilnProject.FOLDER).resolve("kiln.log"), TERMINAL, verbose);
    if (System.err != SINK_STREAM) {
      System.setErr(SINK_STREAM);
      // java.util.logging's console handler holds the stderr of when it was made: make one on the sink.
      java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
      for (java.util.logging.Handler h : root.getHandlers()) {
        if (h instanceof java.util.logging.ConsoleHandler) {
          root.removeHandler(h);
        }
      }
      root.addHandler(new java.util.logging.ConsoleHandler());
    }
  }

  private static final java.io.PrintStream SINK_STREAM = new java.io.PrintStream(SINK, true, java.nio.charset.StandardCharsets.UTF_8);
  /** The real stderr (the terminal), where verbose logs and the error lines go. */
  private static java.io.PrintStream TERMINAL = System.err;

  /**
   * Gives {@code System.err} back to the terminal when a command ends: a Java program that called
   * {@link Kiln#run} prints to its own stderr again. (Loggers keep writing to {@code System.err}, so a
   * runner thread that logs after the command goes to the terminal, filtered by the levels set here.)
   */
  static void release() {
    SINK_STREAM.flush();
    if (System.err == SINK_STREAM) {
      System.setErr(TERMINAL);
    }
  }

  /** {@code err}, or the terminal's stderr when {@code err} is the log sink (a second command in one JVM). */
  static java.io.PrintStream terminalFor(java.io.PrintStream err) {
    return err == SINK_STREAM ? TERMINAL : err;
  }

  /** The log file of this command, when something was written to it, for the line that says where the details are. */
  static java.util.Optional<java.nio.file.Path> logFile() {
    SINK_STREAM.flush();
    return SINK.wroteFile() ? java.util.Optional.of(SINK.file()) : java.util.Optional.empty();
  }

  private static void configure(boolean verbose) {
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
      // By name too, not only as the default: in a Java program (Kiln.run) slf4j may have started before
      // this, with its default level info, when building the pipeline touched Beam; a logger made later
      // still looks up its own name, so the runners' info lines stay out of kiln.log as from the CLI.
      for (String runner : new String[] {"org.apache.beam", "org.apache.parquet", "org.apache.hadoop", "org.apache.avro", "org.tribuo"}) {
        setIfAbsent("org.slf4j.simpleLogger.log." + runner, "warn");
      }
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
