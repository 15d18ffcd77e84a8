package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrStepsTest {
  @TempDir Path dir;

  @Test
  void aFlinkTaskThreadCountsForTheStepOfItsFirstNamedOperator() {
    assertEquals("features", JfrSteps.step("CHAIN FlatMap (FlatMap at features/ParMultiDo(Derive)) -> FlatMap "
        + "(FlatMap at features/ParMultiDo(Derive).output) (1/2)#0"));
    assertEquals("data", JfrSteps.step("CHAIN GroupReduce (GroupReduce at translateNode(FlinkBatchTransformTranslators.java:421)) "
        + "-> FlatMap (FlatMap at data/read/SpreadRanges/Values/Values/Map/ParMultiDo(Anonymous)) (2/2)#0"));
    assertEquals("data", JfrSteps.step("FlatMap (FlatMap at Write data.examples/rows/Write/WriteFiles/WriteUnshardedBundles) (1/2)#0"));
    assertEquals("train", JfrSteps.step("FlatMap (FlatMap at train/sums 3/ParMultiDo(Sum)) (1/2)#0"));
    assertEquals(JfrSteps.CLIENT, JfrSteps.step("kiln-stage"));
    assertEquals(JfrSteps.CLIENT, JfrSteps.step("main"));
    assertEquals(JfrSteps.RUNTIME, JfrSteps.step("flink-pekko.actor.default-dispatcher-6"));
    assertEquals(JfrSteps.RUNTIME, JfrSteps.step(null));
  }

  @Test
  void countsTheSamplesOfARealRecordingByStep() throws Exception {
    Path file = dir.resolve("run.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.start();
      Thread busy = new Thread(JfrStepsTest::spin, "FlatMap (FlatMap at evaluate/score/ParMultiDo(Score)) (1/2)#0");
      busy.start();
      busy.join();
      r.stop();
      r.dump(file);
    }
    Map<String, Long> samples = JfrSteps.samplesPerStep(file);
    assertTrue(samples.getOrDefault("evaluate", 0L) > 0, samples.toString());
    assertTrue(samples.containsKey(JfrSteps.CLIENT) && samples.containsKey(JfrSteps.RUNTIME), samples.toString());
  }

  private static void spin() {
    // 600 ms of this thread's CPU time, not of wall time: on a loaded machine (CI) a wall-time spin can be
    // descheduled for most of its run and give JFR, which samples running threads only, no sample at all.
    // The clock is read once per million steps: reading it is a native call, and JFR's execution samples
    // are taken of threads running Java code only (a loop that reads it every step was sampled in native
    // code nearly always, and failed this test on CI).
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long end = threads.getCurrentThreadCpuTime() + 600_000_000L;
    double x = 0;
    while (threads.getCurrentThreadCpuTime() < end) {
      for (int i = 0; i < 1_000_000; i++) {
        x += Math.sqrt(x + i);
      }
    }
    if (x < 0) {
      System.out.println(x);
    }
  }
}
