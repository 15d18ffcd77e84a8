package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
  @TempDir Path dir;

  @Test
  void readsAKibibyteFieldOfProcStatus() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  2043284 kB\nVmRSS:\t  2037348 kB\n";
    assertEquals(2043284, ProcessMemory.field(status, "VmHWM", 1));
    assertEquals(2037348, ProcessMemory.field(status, "VmRSS", 1));
    BenchException e = assertThrows(BenchException.class, () -> ProcessMemory.field(status, "VmSwap", 42));
    assertEquals("/proc/42/status has no VmSwap line", e.getMessage());
  }

  @Test
  void thePeakOfThisProcessIsAtLeastItsRssAndCanBeReset() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux only");
    long pid = ProcessHandle.current().pid();
    ProcessMemory.resetPeak(pid);
    long rss = ProcessMemory.rssKb(pid);
    long peak = ProcessMemory.peakRssKb(pid);
    // the peak since the reset covers every RSS seen since
    assertTrue(rss > 0 && peak >= rss, "rss " + rss + " peak " + peak);
  }

  @Test
  void aPidFileWithoutAPidIsAnErrorNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("taskmanager.pid"), "\n");
    BenchException e = assertThrows(BenchException.class, () -> ProcessMemory.pidFrom(file));
    assertEquals("no pid in " + file + " (is the cluster of scripts/flink-cluster.sh running?)", e.getMessage());
    assertEquals(1234, ProcessMemory.pidFrom(Files.writeString(dir.resolve("jm.pid"), "1234\n")));
  }
}
