package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
  @TempDir Path dir;

  @Test
  void aRunPastTheLimitCountsAsNotFinishedAndTheSeriesGoesOn() {
    Comparison c = new Comparison("t", dir).withLimit(Duration.ofSeconds(1));
    c.add(new TimedCommand("slow", List.of("sleep", "30"), dir), null);
    c.add(new TimedCommand("quick", List.of("true"), dir), null);
    long start = System.nanoTime();
    c.run(2);
    assertTrue((System.nanoTime() - start) / 1e9 < 20, "the slow runs were stopped");
    assertEquals(0, c.wall("slow").size());
    assertEquals(2, c.unfinished("slow").size());
    assertTrue(c.unfinished("slow").get(0).wallMillis() >= 1000);
    assertEquals(2, c.wall("quick").size());
    assertEquals(List.of(), c.unfinished("quick"));
  }

  @Test
  void printsWholeMeasurementsWithoutDecimalsAndAnAucWithSix() {
    assertEquals("30500", Comparison.number(30500.0));
    assertEquals("462", Comparison.number(462));
    assertEquals("0.643712", Comparison.number(0.643712));
  }
}
