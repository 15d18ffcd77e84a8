package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class FlinkJobExceptionTest {
  @Test
  void theSummaryIsTheDeepestCauseWithAMessage() {
    Throwable chain = new RuntimeException("Pipeline execution failed",
        new IllegalStateException("Job execution failed.",
            new RuntimeException(new IllegalArgumentException("fare is negative in row 7\n  at line 2"))));
    assertEquals("IllegalArgumentException: fare is negative in row 7", FlinkJobException.summary(chain));
  }

  @Test
  void theMessageNamesTheJobAndItsId() {
    FlinkJobException e = FlinkJobException.of("taxi-stage0", "0123456789abcdef0123456789abcdef",
        new IllegalStateException("boom"));
    assertEquals("Flink job taxi-stage0 (0123456789abcdef0123456789abcdef) failed: IllegalStateException: boom", e.getMessage());
    assertEquals("0123456789abcdef0123456789abcdef", e.jobId());
  }

  @Test
  void aJobThatNeverReachedFlinkCouldNotBeSubmitted() {
    FlinkJobException e = FlinkJobException.of("taxi-stage0", null, new java.io.IOException("blob upload failed"));
    assertEquals("Flink job taxi-stage0 could not be submitted: IOException: blob upload failed", e.getMessage());
  }

  @Test
  void anExistingFlinkJobExceptionIsNotWrappedAgain() {
    FlinkJobException inner = FlinkJobException.of("j", "id", new IllegalStateException("x"));
    assertSame(inner, FlinkJobException.of("j", "id", inner));
  }
}
