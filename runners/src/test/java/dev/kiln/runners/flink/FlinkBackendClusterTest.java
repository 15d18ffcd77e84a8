package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster backend against a stand-in JobManager that answers {@code GET /overview} and counts
 * every other request: what is staged, and that nothing is submitted to a cluster that is gone.
 */
class FlinkBackendClusterTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger submissions = new AtomicInteger();
  private final ClusterProbe probe = new ClusterProbe(Duration.ofSeconds(2), "1.19.0");
  private Path kilnJar;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/overview", exchange -> {
      byte[] body = "{\"taskmanagers\":2,\"slots-total\":6,\"slots-available\":6,\"flink-version\":\"1.19.0\"}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/", exchange -> {
      submissions.incrementAndGet();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    kilnJar = dir.resolve("kiln.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(kilnJar))) {
      for (String e : List.of(JobJars.SHADED_MARKER, "dev/kiln/runners/flink/FlinkBackend.class")) {
        zip.putNextEntry(new ZipEntry(e));
        zip.closeEntry();
      }
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private FlinkMaster master() {
    return new FlinkMaster("127.0.0.1", server.getAddress().getPort());
  }

  @Test
  void jobsAreStagedWithTheShadedJarAndUserStepsOnly() throws IOException {
    Path steps = Files.createDirectories(dir.resolve("user-classes"));
    FlinkBackend backend = FlinkBackend.cluster(master(), 0, List.of(kilnJar, steps), probe);

    FlinkPipelineOptions options = backend.newPipeline("taxi-run-stage0").getOptions().as(FlinkPipelineOptions.class);

    assertEquals(List.of(kilnJar.toString(), steps.toString()), options.getFilesToStage());
    assertEquals(master().toString(), options.getFlinkMaster());
    assertEquals(6, options.getParallelism(), "all the cluster's task slots by default");
    assertEquals("flink", backend.name());
  }

  @Test
  void anExplicitParallelismIsKept() {
    assertEquals(3, FlinkBackend.cluster(master(), 3, List.of(kilnJar), probe).parallelism());
  }

  @Test
  void aClusterThatWentAwayIsReportedBeforeAnythingIsSubmitted() {
    FlinkBackend backend = FlinkBackend.cluster(master(), 0, List.of(kilnJar), probe);
    Pipeline p = backend.newPipeline("gone");
    p.apply(Create.of(1, 2, 3));
    server.stop(0);

    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class, () -> backend.start(p));

    assertTrue(e.getMessage().startsWith("cannot reach a Flink cluster at " + master()), e.getMessage());
    assertEquals(0, submissions.get(), "nothing was sent");
  }

  @Test
  void anUnreachableClusterIsReportedWhenTheBackendIsMade() {
    FlinkMaster master = master();
    server.stop(0);
    FlinkUnavailableException e = assertThrows(FlinkUnavailableException.class,
        () -> FlinkBackend.cluster(master, 0, List.of(kilnJar), probe));
    assertTrue(e.getMessage().startsWith("cannot reach a Flink cluster at " + master + " (connection refused)"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void embeddedJobsStageNothing() {
    FlinkPipelineOptions options = FlinkBackend.embedded(2).newPipeline("x").getOptions().as(FlinkPipelineOptions.class);
    assertEquals(List.of(), options.getFilesToStage());
    assertEquals("[local]", options.getFlinkMaster());
    assertEquals(2, options.getParallelism());
  }
}
