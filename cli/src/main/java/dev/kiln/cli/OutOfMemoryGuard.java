package dev.kiln.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Ends the process when the Java heap runs out, instead of letting a run hang: a runner that loses a
 * worker thread to an {@link OutOfMemoryError} may wait forever for its bundle while the garbage
 * collector spins. On the first OutOfMemoryError — one no thread caught, or one a runner logged — it
 * prints one line naming the step that was running and how to give kiln more memory, records the run
 * FAILED with that line when the store still answers within two seconds, and halts with exit code 1.
 * ({@code -XX:+ExitOnOutOfMemoryError} would exit too, but without saying which step or what to do.)
 */
final class OutOfMemoryGuard {
  private static final AtomicBoolean TRIGGERED = new AtomicBoolean();
  private static volatile PrintStream terminal = System.err;
  private static volatile Supplier<List<String>> running = List::of;
  private static volatile java.util.function.Consumer<String> recorder = line -> {};

  private OutOfMemoryGuard() {}

  /** Catches OutOfMemoryErrors that end a thread; {@code terminal} gets the one line. */
  static void install(PrintStream terminalErr) {
    terminal = terminalErr;
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    if (previous instanceof Handler) {
      return;
    }
    Thread.setDefaultUncaughtExceptionHandler(new Handler(previous));
  }

  /** What the run is doing now (the steps of its running stages) and how to record its end. */
  static void watch(Supplier<List<String>> runningSteps, java.util.function.Consumer<String> recordFailure) {
    running = runningSteps;
    recorder = recordFailure;
  }

  /** Stops watching (the run is over). */
  static void unwatch() {
    running = List::of;
    recorder = line -> {};
  }

  /** True when {@code t} or one of its causes is an OutOfMemoryError. */
  static boolean isOutOfMemory(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** What to do: "give it more, e.g. KILN_JAVA_OPTS=-Xmx<4 × this heap>m". */
  static String hint() {
    long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    // four times the heap, rounded up to a power of two (the JVM reports a little less than -Xmx)
    long more = Math.max(512, Long.highestOneBit(Math.max(1, maxMb) * 2 - 1) * 4);
    return String.format(Locale.ROOT, "give kiln more memory, e.g. KILN_JAVA_OPTS=-Xmx%dm", more);
  }

  /** The line for a run that ran out of memory in {@code steps} (empty when not known). */
  static String message(List<String> steps, String what) {
    long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    // The runner does not say whose code allocated; the steps of the running stage that have not
    // committed are named, in pipeline order (one, as a rule: the others have committed).
    String where = steps.isEmpty() ? ""
        : steps.size() == 1 ? " while running step '" + steps.get(0) + "'"
        : " while running steps " + steps.stream().map(x -> "'" + x + "'").collect(java.util.stream.Collectors.joining(", "));
    return "error: kiln ran out of memory" + where + " (" + what + ", heap " + maxMb + " MB); " + hint();
  }

  /** Reports and halts; only the first caller does anything (further errors while halting are moot). */
  static void outOfMemory(String what) {
    if (!TRIGGERED.compareAndSet(false, true)) {
      return;
    }
    String line;
    try {
      line = message(running.get(), what);
    } catch (Throwable t) {
      line = "error: kiln ran out of memory; give it more, e.g. KILN_JAVA_OPTS=-Xmx4g";
    }
    terminal.println(line);
    terminal.flush();
    String recorded = line.substring("error: ".length());
    Thread record = new Thread(() -> recorder.accept(recorded), "kiln-oom-record");
    record.setDaemon(true);
    record.start();
    try {
      record.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // halt, not exit: shutdown hooks may wait for the very threads that are stuck or need memory
    Runtime.getRuntime().halt(1);
  }

  private static final class Handler implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler previous;

    Handler(Thread.UncaughtExceptionHandler previous) {
      this.previous = previous;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
      if (isOutOfMemory(e)) {
        outOfMemory(rootMessage(e));
      } else if (previous != null) {
        previous.uncaughtException(t, e);
      } else {
        System.err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace(System.err);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return c.getMessage() == null ? "OutOfMemoryError" : c.getMessage();
      }
    }
    return "OutOfMemoryError";
  }
}
