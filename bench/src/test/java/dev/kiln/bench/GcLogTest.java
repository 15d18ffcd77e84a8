package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {
  @TempDir Path dir;

  @Test
  void sumsThePausesAndCountsTheFullCollections() {
    String log = """
        [0.030s] Using G1
        [3.271s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(378M) 2.500ms
        [9.100s] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 900M->850M(1024M) 10.000ms
        [9.200s] GC(2) Concurrent Mark Cycle
        [9.300s] GC(2) Pause Remark 870M->860M(1024M) 1.500ms
        [9.400s] GC(2) Pause Cleanup 860M->860M(1024M) 0.250ms
        [9.500s] GC(2) Concurrent Mark Cycle 400.000ms
        [47.16s] GC(3) Pause Full (System.gc()) 1900M->1500M(2048M) 270.750ms
        """;
    GcLog.Summary s = GcLog.parse(log);
    assertEquals(5, s.pauses());
    assertEquals(285.0, s.pauseMillis(), 1e-9, "the concurrent cycle is no pause");
    assertEquals(1, s.fullCollections());
    assertEquals(1500, s.maxAfterMib());
    assertEquals(2048, s.maxCommittedMib());
  }

  @Test
  void readsTheLogThatItsOptionMakesAJvmWrite() throws Exception {
    Path log = dir.resolve("gc.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        GcLog.option(log), "-cp", System.getProperty("java.class.path"), CallsGc.class.getName()).inheritIO().start();
    assertEquals(0, p.waitFor());
    GcLog.Summary s = GcLog.read(log);
    assertTrue(s.fullCollections() >= 1, Files.readString(log));
    assertTrue(s.pauseMillis() > 0, Files.readString(log));
  }

  @Test
  void recognisesAnOutOfMemoryError() {
    assertTrue(GcLog.ranOutOfMemory("Caused by: java.lang.OutOfMemoryError: Java heap space"));
    assertFalse(GcLog.ranOutOfMemory("Run flights COMPLETE in 3.0s"));
  }

  /** A JVM that asks for one full collection and exits. */
  public static final class CallsGc {
    public static void main(String[] args) {
      System.gc();
    }
  }
}
