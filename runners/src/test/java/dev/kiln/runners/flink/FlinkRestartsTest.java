package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runners.BackendOptions;
import dev.kiln.runners.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Flink jobs get a configurable restart strategy: none by default, fixed-delay attempts on request. */
class FlinkRestartsTest {
  static final AtomicInteger ATTEMPTS = new AtomicInteger();

  @Test
  void noRestartsByDefaultAndFixedDelayAttemptsWhenAsked() throws Exception {
    FlinkBackend plain = (FlinkBackend) Backends.named("flink", BackendOptions.defaults().withParallelism(1));
    assertEquals(0, plain.restarts());
    assertTrue(config(plain).contains("restart-strategy.type: none\n"), config(plain));

    FlinkBackend three = (FlinkBackend) Backends.named("flink", BackendOptions.defaults().withParallelism(1).withFlinkRestarts(3));
    assertEquals(3, three.restarts());
    String yaml = config(three);
    assertTrue(yaml.contains("restart-strategy.type: fixed-delay\n"), yaml);
    assertTrue(yaml.contains("restart-strategy.fixed-delay.attempts: 3\n"), yaml);
    assertTrue(yaml.contains("restart-strategy.fixed-delay.delay: 10 s\n"), yaml);
    assertThrows(IllegalArgumentException.class, () -> plain.withRestarts(-1));
  }

  @Test
  @Tag("e2e") // a real job that fails once and is restarted after the 10 s delay
  void aJobWhoseFirstAttemptFailsCompletesWhenRestartsAreAllowed() {
    ATTEMPTS.set(0);
    FlinkBackend backend = FlinkBackend.embedded(1).withRestarts(1);
    Pipeline p = backend.newPipeline("fails-once");
    p.apply(Create.of(1)).apply(ParDo.of(new FailFirstAttempt()));
    PipelineResult result = backend.start(p);
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(2, ATTEMPTS.get(), "the first attempt failed, the restart completed");
  }

  private static String config(FlinkBackend backend) throws Exception {
    String dir = backend.newPipeline("x").getOptions().as(FlinkPipelineOptions.class).getFlinkConfDir();
    return Files.readString(Path.of(dir, "config.yaml"));
  }

  /** Throws on the first element it ever sees in this JVM (a stand-in for a lost TaskManager). */
  static final class FailFirstAttempt extends DoFn<Integer, Void> {
    @ProcessElement
    public void process(@Element Integer i) {
      if (ATTEMPTS.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
    }
  }
}
