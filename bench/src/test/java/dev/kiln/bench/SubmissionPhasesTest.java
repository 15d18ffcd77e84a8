package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmissionPhasesTest {
  private static long at(String time) {
    return OffsetDateTime.parse("2026-11-27T" + time + "Z").toInstant().toEpochMilli();
  }

  private static final FlinkJobTimes JOB = new FlinkJobTimes("8ae7535af49b4139abe4cc65f02c0cce", "FINISHED",
      at("03:00:54.261"), at("03:00:54.848"), at("03:01:09.799"));

  @Test
  void splitsTheSubmissionAtTheClientsLinesAndTheJobManagersTimestamps() {
    SubmissionPhases p = SubmissionPhases.of(new ClientLog(ClientLogTest.LOG), JOB);
    assertEquals(3253, p.translation());
    assertEquals(730, p.jobGraph());
    assertEquals(4351, p.upload());
    assertEquals(587, p.scheduling());
    assertEquals(4938, p.overhead());
    assertEquals(14951, p.execution());
    assertEquals(2093, p.endNoticed());
    Map<String, Double> m = p.asMillis();
    assertEquals(SubmissionPhases.NAMES, List.copyOf(m.keySet()));
    assertEquals(4938.0, m.get(SubmissionPhases.OVERHEAD));
  }

  @Test
  void aJobThatDidNotFinishOrALogWithoutTimesIsAnError() {
    FlinkJobTimes failed = new FlinkJobTimes(JOB.jobId(), "FAILED", JOB.initializing(), JOB.running(), 0);
    BenchException e = assertThrows(BenchException.class, () -> SubmissionPhases.of(new ClientLog(ClientLogTest.LOG), failed));
    assertEquals("Flink job 8ae7535af49b4139abe4cc65f02c0cce is FAILED, not FINISHED", e.getMessage());
    e = assertThrows(BenchException.class, () -> SubmissionPhases.of(new ClientLog("Run x COMPLETE"), JOB));
    assertTrue(e.getMessage().startsWith("no timestamped line 'Translating pipeline"), e.getMessage());
  }
}
