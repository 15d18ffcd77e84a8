package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientLogTest {
  static final String LOG = """
      Run flights-1 · pipeline flights · runner flink
        stage 1: data → split → stats …
      2026-11-27T03:00:45.927+0000 [kiln-flink-stage1] INFO org.apache.beam.runners.flink.FlinkRunner - Translating pipeline to Flink program.
      2026-11-27T03:00:49.180+0000 [kiln-flink-stage1] INFO org.apache.beam.runners.flink.FlinkRunner - Starting execution of Flink program.
      2026-11-27T03:00:49.910+0000 [Flink-RestClusterClient-IO-thread-1] INFO org.apache.flink.client.program.rest.RestClusterClient - Submitting job 'flights-1-stage1' (8ae7535af49b4139abe4cc65f02c0cce).
      2026-11-27T05:00:54.470+0200 [Flink-RestClusterClient-IO-thread-4] INFO org.apache.flink.client.program.rest.RestClusterClient - Successfully submitted job 'flights-1-stage1' (8ae7535af49b4139abe4cc65f02c0cce) to 'http://localhost:18081'.
        data   COMPLETE  26.5s   examples 10,000 rows · rejected 0 rows
      2026-11-27T03:01:11.892+0000 [kiln-flink-stage1] INFO org.apache.beam.runners.flink.FlinkPipelineExecutionEnvironment - Execution finished in 15538 msecs
      """;

  private static long millis(String iso) {
    return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }

  @Test
  void findsTheTimeOfTheFirstLineWithATextInAnyZone() {
    ClientLog log = new ClientLog(LOG);
    assertEquals(millis("2026-11-27T03:00:49.180Z"), log.first(ClientLog.EXECUTION_STARTS).orElseThrow());
    assertEquals(millis("2026-11-27T03:00:54.470Z"), log.first("Successfully submitted").orElseThrow());
    assertTrue(log.first("COMPLETE").isEmpty(), "an unstamped line has no time");
    assertTrue(log.first("never logged").isEmpty());
  }

  @Test
  void listsTheSubmittedJobIdsOnce() {
    assertEquals(List.of("8ae7535af49b4139abe4cc65f02c0cce"), new ClientLog(LOG).submittedJobIds());
    assertEquals(List.of(), new ClientLog("no flink here").submittedJobIds());
  }

  @Test
  void theJvmOptionsStampLinesInTheFormatItParses() {
    assertTrue(ClientLog.JVM_OPTIONS.contains("-Dorg.slf4j.simpleLogger.dateTimeFormat=" + ClientLog.PATTERN));
  }
}
