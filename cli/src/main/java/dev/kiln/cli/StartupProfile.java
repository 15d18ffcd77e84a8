package dev.kiln.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Phase timings of one command, for start-up work: with the environment variable {@code KILN_PROFILE}
 * set, each {@link #mark} prints to stderr the wall and process CPU milliseconds (all threads: JIT
 * and GC too; it moves less with the machine's load) since the previous mark and the classes loaded
 * meanwhile, after a first line with the time from JVM start to {@code main}. Without it, {@link #mark} does nothing and loads nothing (the
 * management classes it uses cost ~0.1 s when loaded).
 */
final class StartupProfile {
  private static final boolean ON = System.getenv("KILN_PROFILE") != null;
  private static final PrintStream OUT = System.err;
  private static long last;
  private static long lastCpu;
  private static long lastClasses;

  private StartupProfile() {}

  /** Starts the clock at the top of {@code main}; prints the time the JVM took to get there. */
  static void start() {
    if (!ON) {
      return;
    }
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    long cpu = cpu();
    lastClasses = classes();
    OUT.printf(Locale.ROOT, "profile: %-36s %6d ms wall %6.0f ms cpu %5d classes%n", "jvm start to main", uptime, cpu / 1e6, lastClasses);
    last = System.nanoTime();
    lastCpu = cpu();
    lastClasses = classes();
  }

  /** Ends the phase called {@code phase}. */
  static void mark(String phase) {
    if (!ON) {
      return;
    }
    long now = System.nanoTime();
    long cpu = cpu();
    long loaded = classes();
    OUT.printf(Locale.ROOT, "profile: %-36s %6.0f ms wall %6.0f ms cpu %5d classes%n", phase, (now - last) / 1e6,
        (cpu - lastCpu) / 1e6, loaded - lastClasses);
    last = System.nanoTime();
    lastCpu = cpu();
    lastClasses = classes();
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long classes() {
    return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
  }
}
