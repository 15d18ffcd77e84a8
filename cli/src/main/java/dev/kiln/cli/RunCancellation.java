package dev.kiln.cli;

import dev.kiln.core.run.RunRecovery;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ends a run as CANCELED when its process is told to stop (SIGTERM, or SIGINT from Ctrl-C): the steps
 * whose outputs committed are recorded COMPLETE (the next run reuses them), the others CANCELED, the
 * run CANCELED with the signal as its reason; then the process exits with 128 + the signal number, as
 * a shell expects. Without this the run stays RUNNING until a later command finds the process gone and
 * can only guess "killed?". {@code kill -9} cannot be caught: recovery handles that.
 *
 * <p>Example of use: {@code try (RunCancellation c = RunCancellation.install(session, console)) { ... }}; the
 * run's name is given to {@link #runStarted} by the progress listener.
 */
final class RunCancellation implements AutoCloseable {
  private final Session session;
  private final Console console;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile String runName;
  private final java.util.Map<Signal, sun.misc.SignalHandler> previous = new java.util.HashMap<>();

  private RunCancellation(Session session, Console console) {
    this.session = session;
    this.console = console;
  }

  /** Gives the signals back to the JVM's own handling (the run is over; the store is about to close). */
  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }

  /** Handles SIGTERM and SIGINT for the process's run from now on, until {@link #close}. */
  static RunCancellation install(Session session, Console console) {
    RunCancellation c = new RunCancellation(session, console);
    c.handle("TERM", 15, "the kiln process received SIGTERM");
    c.handle("INT", 2, "interrupted (Ctrl-C, SIGINT)");
    return c;
  }

  void runStarted(String name) {
    this.runName = name;
  }

  private void handle(String signal, int number, String reason) {
    try {
      Signal sig = new Signal(signal);
      previous.put(sig, Signal.handle(sig, s -> cancel(number, reason)));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // this platform or JVM (-Xrs) keeps the signal: the run is then recovered as killed
    }
  }

  /** Records the run FAILED with {@code error} now (the process is about to halt: it ran out of memory). */
  void failRun(String error) {
    String name = runName;
    if (name != null) {
      new RunRecovery(session.store, session.artifacts).fail(name, error);
    }
  }

  private void cancel(int number, String reason) {
    if (!cancelled.compareAndSet(false, true)) {
      return;
    }
    String name = runName;
    try {
      if (name != null && new RunRecovery(session.store, session.artifacts).cancel(name, reason)) {
        console.error("Run " + name + " CANCELED: " + reason + "; the steps that completed are kept; see: kiln show " + name);
      }
    } catch (RuntimeException e) {
      console.error("error: could not record the cancellation of run " + name + ": " + e.getMessage());
    } finally {
      // Not System.exit from here alone: shutdown hooks (Flink's, the JDBC pool's) must still run.
      Runtime.getRuntime().exit(128 + number);
    }
  }
}
