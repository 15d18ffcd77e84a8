package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StartupWarmupTest {

  /** The live warm-up threads of this JVM. */
  private static Set<Thread> warmupThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("kiln-warmup") && t.isAlive())
        .collect(Collectors.toSet());
  }

  /** Starts a warm-up and returns its thread (the one that was not there before). */
  private static Thread startedThread(StartupWarmup[] holder) {
    Set<Thread> before = warmupThreads();
    holder[0] = StartupWarmup.start();
    Set<Thread> after = warmupThreads();
    after.removeAll(before);
    return after.isEmpty() ? null : after.iterator().next();
  }

  @Test
  void awaitReturnsOnlyWhenTheWarmupThreadHasEnded() {
    StartupWarmup[] w = new StartupWarmup[1];
    Thread t = startedThread(w);
    w[0].await();
    // t may already have ended before it was listed; if it was listed, await must have outlived it
    assertTrue(t == null || !t.isAlive(), "the warm-up thread still runs after await()");
  }

  @Test
  void disabledByTheSystemPropertyStartsNoThread() {
    String old = System.getProperty("kiln.warmup");
    System.setProperty("kiln.warmup", "false");
    try {
      StartupWarmup[] w = new StartupWarmup[1];
      assertEquals(null, startedThread(w));
      w[0].await(); // returns at once
    } finally {
      if (old == null) {
        System.clearProperty("kiln.warmup");
      } else {
        System.setProperty("kiln.warmup", old);
      }
    }
  }

  @Test
  void awaitFinishesWaitingAndKeepsTheCallersInterrupt() {
    StartupWarmup[] w = new StartupWarmup[1];
    Thread t = startedThread(w);
    Thread.currentThread().interrupt();
    try {
      w[0].await();
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
      assertTrue(t == null || !t.isAlive(), "await() returned before the warm-up ended");
    } finally {
      Thread.interrupted(); // clear it for the next test
    }
  }

  @Test
  void commandsWithoutAWarmupDoNotWait() {
    KilnCli root = new KilnCli();
    long t0 = System.nanoTime();
    root.awaitWarmup();
    assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "awaitWarmup() without a warm-up must return at once");
  }
}
