package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimedCommandTest {
  @TempDir Path dir;

  @Test
  void measuresWallTimeAndKeepsTheOutput() throws Exception {
    TimedCommand c = new TimedCommand("sleepy", List.of("sh", "-c", "echo hello; sleep 0.2"), dir);
    TimedCommand.Result r = c.run(dir.resolve("logs/sleepy.log"));
    assertTrue(r.wallMillis() >= 200, "wall " + r.wallMillis());
    assertEquals("hello", Files.readString(r.log()).lines().findFirst().orElseThrow());
  }

  @Test
  void measuresTheChildsCpuTimeWhereGnuTimeIsInstalled() {
    TimedCommand busy = new TimedCommand("busy", List.of("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"), dir);
    TimedCommand.Result r = busy.run(dir.resolve("busy.log"));
    if (Files.isExecutable(Path.of("/usr/bin/time"))) {
      assertTrue(r.cpuMillis() > 0, "cpu " + r.cpuMillis());
    } else {
      assertEquals(-1, r.cpuMillis());
    }
  }

  @Test
  void aFailingCommandIsAnErrorWithItsExitCodeAndLastOutput() {
    TimedCommand c = new TimedCommand("broken", List.of("sh", "-c", "echo 'no such pipeline' >&2; exit 3"), dir);
    BenchException e = assertThrows(BenchException.class, () -> c.run(dir.resolve("broken.log")));
    assertTrue(e.getMessage().startsWith("broken: "), e.getMessage());
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("no such pipeline"), e.getMessage());
  }

  @Test
  void measuresTheChildsPeakResidentMemoryWhereGnuTimeIsInstalled() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "GNU time");
    // sort holds its whole input (64 MiB of zero bytes, one "line") in memory before it writes anything
    TimedCommand big = new TimedCommand("big", List.of("sh", "-c", "head -c 67108864 /dev/zero | sort > /dev/null"), dir);
    TimedCommand small = new TimedCommand("small", List.of("true"), dir);
    long bigKb = big.run(dir.resolve("big.log")).peakRssKb();
    long smallKb = small.run(dir.resolve("small.log")).peakRssKb();
    assertTrue(smallKb > 0, "small " + smallKb);
    assertTrue(bigKb > 60 * 1024, "big " + bigKb);
  }

  @Test
  void readsCpuAndPeakRssFromGnuTimesLine() throws Exception {
    Path f = dir.resolve("time.txt");
    Files.writeString(f, "1.25 0.50 123456\n");
    double[] t = TimedCommand.gnuTime(f);
    assertEquals(1750, t[0], 1e-9);
    assertEquals(123456, t[1], 1e-9);
  }

  @Test
  void readsGnuTimesLineEvenAfterOtherOutput() throws Exception {
    Path f = dir.resolve("time.txt");
    Files.writeString(f, "Command exited with non-zero status 1\n1.25 0.50\n");
    assertEquals(1750, TimedCommand.cpuMillis(f), 1e-9);
  }

  @Test
  void aCommandPastItsLimitIsStoppedWithEveryProcessItStartedAndMeasuredSoFar() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    // a child that burns CPU, started in the background as a JVM under GNU time is
    TimedCommand c = new TimedCommand("slow", List.of("sh", "-c",
        "sh -c 'while :; do :; done' & echo $! > " + pidFile + "; wait"), dir);
    long start = System.nanoTime();
    TimedCommand.TimedOut e = assertThrows(TimedCommand.TimedOut.class,
        () -> c.run(dir.resolve("slow.log"), java.time.Duration.ofMillis(1500)));
    assertTrue((System.nanoTime() - start) / 1e6 < 10_000, "it was stopped, not waited for");
    assertTrue(e.getMessage().startsWith("slow: did not finish in 1 s"), e.getMessage());
    assertTrue(e.partial().wallMillis() >= 1500, "wall " + e.partial().wallMillis());
    assertTrue(e.partial().cpuMillis() > 0, "cpu " + e.partial().cpuMillis());
    assertTrue(e.partial().peakRssKb() > 0, "rss " + e.partial().peakRssKb());
    long child = Long.parseLong(Files.readString(pidFile).trim());
    for (int i = 0; i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(100);
    }
    assertTrue(ProcessHandle.of(child).map(ph -> !ph.isAlive()).orElse(true), "the busy child was killed too");
  }

  @Test
  void aCommandWithinItsLimitIsMeasuredAsWithout() {
    TimedCommand c = new TimedCommand("quick", List.of("sh", "-c", "echo done"), dir);
    TimedCommand.Result r = c.run(dir.resolve("quick.log"), java.time.Duration.ofSeconds(30));
    assertTrue(r.wallMillis() < 30_000);
  }
}
