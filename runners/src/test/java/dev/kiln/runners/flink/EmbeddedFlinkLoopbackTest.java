package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runners.testing.ListeningSockets;
import dev.kiln.runners.testing.ListeningSockets.Listener;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.Test;

/**
 * Embedded Flink ({@code --runner flink}) must not open a port to the network: its REST API shows the
 * class path and JVM options and cancels jobs without authentication. While a job runs (the sockets are
 * read from inside one of its tasks), every socket this JVM listens on is bound to loopback.
 */
class EmbeddedFlinkLoopbackTest {
  static final ConcurrentLinkedQueue<List<Listener>> SEEN = new ConcurrentLinkedQueue<>();

  @Test
  void theProcReaderSeesAWildcardAndALoopbackListener() throws Exception {
    assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
    try (ServerSocket any = new ServerSocket(0); ServerSocket local = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Listener> now = ListeningSockets.ofThisProcess();
      Listener wildcard = now.stream().filter(l -> l.port() == any.getLocalPort()).findFirst().orElseThrow();
      assertFalse(wildcard.loopback(), wildcard.toString());
      Listener loop = now.stream().filter(l -> l.port() == local.getLocalPort()).findFirst().orElseThrow();
      assertTrue(loop.loopback(), loop.toString());
    }
    assertEquals("127.0.0.1", ListeningSockets.ipv4("0100007F"));
    assertEquals("::1", ListeningSockets.ipv6("00000000000000000000000001000000"));
    assertEquals("::ffff:127.0.0.1", ListeningSockets.ipv6("0000000000000000FFFF00000100007F"));
  }

  @Test
  void everySocketOfAnEmbeddedRunListensOnLoopbackOnly() {
    assumeTrue(ListeningSockets.available(), "needs Linux's /proc");
    SEEN.clear();
    FlinkBackend backend = FlinkBackend.embedded(2);
    Pipeline p = backend.newPipeline("loopback");
    p.apply(Create.of(1, 2, 3)).apply(ParDo.of(new RecordListeners()));
    PipelineResult result = backend.start(p);
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());

    assertFalse(SEEN.isEmpty(), "the job's tasks read the listening sockets");
    for (List<Listener> listeners : SEEN) {
      assertFalse(listeners.isEmpty(), "the mini cluster listens (REST at least): the reader works");
      List<Listener> open = listeners.stream().filter(l -> !l.loopback()).toList();
      assertEquals(List.of(), open, "sockets listening beyond loopback during an embedded run: " + listeners);
    }
  }

  /** Reads this JVM's listening sockets from inside a running task. */
  static final class RecordListeners extends DoFn<Integer, Void> {
    @ProcessElement
    public void process(@Element Integer i) {
      SEEN.add(ListeningSockets.ofThisProcess());
    }
  }
}
