package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlinkJobTimesTest {
  @Test
  void readsTheStateTimestampsOfAJobDescription() {
    FlinkJobTimes t = FlinkJobTimes.parse("""
        {"jid":"8ae7535af49b4139abe4cc65f02c0cce","name":"taxi","state":"FINISHED","start-time":1795748454261,
         "timestamps":{"RECONCILING":0,"CREATED":1795748454543,"RUNNING":1795748454848,"FINISHED":1795748469799,
                       "FAILED":0,"INITIALIZING":1795748454261},"vertices":[]}""");
    assertEquals(new FlinkJobTimes("8ae7535af49b4139abe4cc65f02c0cce", "FINISHED", 1795748454261L, 1795748454848L, 1795748469799L), t);
  }

  @Test
  void anAnswerThatIsNoJobIsAnErrorQuotingIt() {
    BenchException e = assertThrows(BenchException.class, () -> FlinkJobTimes.parse("{\"errors\":[\"Job not found\"]}"));
    assertTrue(e.getMessage().startsWith("not a Flink job description"), e.getMessage());
    assertTrue(e.getMessage().contains("Job not found"), e.getMessage());
    e = assertThrows(BenchException.class, () -> FlinkJobTimes.parse("<html>"));
    assertEquals("Flink REST answer is not JSON: <html>", e.getMessage());
  }
}
