package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against a real HTTP server that answers like a Flink JobManager (or does not). */
class ClusterProbeTest {
  private static final String OVERVIEW = "{\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":2,"
      + "\"jobs-running\":0,\"jobs-finished\":0,\"jobs-cancelled\":0,\"jobs-failed\":0,"
      + "\"flink-version\":\"1.19.0\",\"flink-commit\":\"eaffd22\"}";

  private HttpServer server;
  private final AtomicReference<Integer> status = new AtomicReference<>(200);
  private final AtomicReference<String> body = new AtomicReference<>(OVERVIEW);
  private final AtomicReference<Long> delayMillis = new AtomicReference<>(0L);
  private final ClusterProbe probe = new ClusterProbe(Duration.ofSeconds(1), "1.19.0");

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/overview", exchange -> {
      try {
        Thread.sleep(delayMillis.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private FlinkMaster master() {
    return new FlinkMaster("127.0.0.1", server.getAddress().getPort());
  }

  @Test
  void aHealthyClusterGivesItsOverview() {
    assertEquals(new ClusterOverview("1.19.0", 1, 2, 2), probe.check(master()));
  }

  @Test
  void aClosedPortIsUnreachableWithAOneLineHint() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class,
        () -> probe.check(new FlinkMaster("127.0.0.1", port)));
    assertEquals("cannot reach a Flink cluster at 127.0.0.1:" + port + " (connection refused); start it"
        + " (scripts/flink-cluster.sh start runs one at localhost:18081) or correct --flink-master", e.getMessage());
  }

  @Test
  void anUnknownHostIsNamed() {
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class,
        () -> probe.check(new FlinkMaster("no-such-host.invalid", 8081)));
    assertTrue(e.getMessage().startsWith("cannot reach a Flink cluster at no-such-host.invalid:8081 (unknown host"
        + " 'no-such-host.invalid')"), e.getMessage());
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsUnreachable() {
    delayMillis.set(3000L);
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> probe.check(master()));
    assertTrue(e.getMessage().contains("(no answer within 1 s)"), e.getMessage());
  }

  @Test
  void anotherHttpServiceIsNotTakenForFlink() {
    status.set(404);
    body.set("not found");
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> probe.check(master()));
    assertEquals(master() + " answered GET /overview with HTTP 404: it is not a Flink REST endpoint; --flink-master"
        + " names the JobManager's REST address (rest.port in its configuration)", e.getMessage());
  }

  @Test
  void jsonThatIsNotFlinksIsRefused() {
    body.set("{\"status\":\"ok\"}");
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> probe.check(master()));
    assertTrue(e.getMessage().contains("with JSON without flink-version: it is not a Flink REST endpoint"), e.getMessage());
  }

  @Test
  void anotherFlinkMinorVersionIsRefused() {
    body.set(OVERVIEW.replace("1.19.0", "1.18.1"));
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> probe.check(master()));
    assertEquals("the Flink cluster at " + master() + " runs Flink 1.18.1, but Kiln submits with Beam's runner for"
        + " Flink 1.19; use a Flink 1.19.x cluster (scripts/flink-cluster.sh start runs one)", e.getMessage());
  }

  @Test
  void anotherPatchVersionIsAccepted() {
    body.set(OVERVIEW.replace("1.19.0", "1.19.2"));
    assertEquals("1.19.2", probe.check(master()).flinkVersion());
  }

  @Test
  void aClusterWithoutTaskManagerIsRefused() {
    body.set(OVERVIEW.replace("\"taskmanagers\":1", "\"taskmanagers\":0").replace("\"slots-total\":2", "\"slots-total\":0"));
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> probe.check(master()));
    assertTrue(e.getMessage().startsWith("the Flink cluster at " + master() + " has no TaskManager registered"), e.getMessage());
  }

  @Test
  void theClientVersionComesFromFlinksJars() {
    assertEquals("1.19", ClusterProbe.minor(FlinkVersion.onClassPath()));
  }
}
