package dev.kiln.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.spec.SpecException;
import dev.kiln.runners.flink.FlinkBackend;
import dev.kiln.runners.flink.FlinkUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {
  @Test
  void directIsTheDefaultRunner() {
    assertEquals("direct", Backends.named("direct").name());
  }

  @Test
  void flinkWithoutMasterRunsEmbeddedOnAllCores() {
    FlinkBackend flink = assertInstanceOf(FlinkBackend.class, Backends.named("flink"));
    assertTrue(flink.master().embedded());
    assertEquals(Runtime.getRuntime().availableProcessors(), flink.parallelism());
    assertEquals(List.of(), flink.jobJars());
  }

  @Test
  void flinkParallelismCanBeSet() {
    FlinkBackend flink = (FlinkBackend) Backends.named("flink", BackendOptions.defaults().withParallelism(3));
    assertEquals(3, flink.parallelism());
  }

  @Test
  void anUnreachableClusterFailsBeforeARunStarts() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    BackendOptions options = BackendOptions.defaults().withFlinkMaster("localhost:" + port)
        .withJobJars(List.of(Path.of("kiln.jar")));
    // the jar is checked first: a missing jar is the first thing to fix
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> Backends.named("flink", options));
    assertTrue(e.getMessage().contains("kiln.jar does not exist"), e.getMessage());
  }

  @Test
  void aBadFlinkMasterIsAUserError() {
    assertThrows(SpecException.class, () -> Backends.named("flink", BackendOptions.defaults().withFlinkMaster("nohost")));
  }

  @Test
  void anUnknownRunnerListsTheKnownOnes() {
    SpecException e = assertThrows(SpecException.class, () -> Backends.named("spark"));
    assertEquals("unknown runner 'spark'; this build of Kiln runs on: dataflow, direct, flink"
        + " (add one: a BackendProvider in a jar on KILN_CLASSPATH or --jar)", e.getMessage());
  }
}
