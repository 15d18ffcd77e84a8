package dev.kiln.serving;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the server lets a request in flight finish with its answer and takes no new connection. */
class GracefulStopTest {
  private static final String ROW = "{\"bill_depth_mm\": 18.9, \"bill_length_mm\": 38.1, \"body_mass_g\": 3550, \"flipper_length_mm\": 189, \"island\": \"Dream\"}";

  @Test
  void aRequestInFlightIsAnsweredAndNewConnectionsAreRefused() throws Exception {
    ServedModels models = ServedModels.of(List.of(ModelSource.fixed("penguins", "1", Fixtures.multiclass())));
    ModelServer server = ModelServer.start(models, ServerSettings.defaults().withPort(0));
    int port = server.port();
    byte[] body = ("[" + ROW + "]").getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      // the request is in flight: headers and half the body sent
      out.write(("POST /v2/models/penguins/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.inFlight() == 0 && System.nanoTime() < until) {
        Thread.sleep(5); // the handler has it, reading the body
      }
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
      Thread.sleep(300);
      assertTrue(!stopping.isDone(), "the stop waits for the request in flight: " + (stopping.isCompletedExceptionally() ? stopping.handle((v, e) -> e).join() : "stopped"));
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "no new connection while draining");
      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      String response = readResponse(s);
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.contains("\"predicted_class\""), response);
      stopping.get(30, TimeUnit.SECONDS);
    } finally {
      server.close();
      models.close();
    }
  }

  private static String readResponse(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    byte[] buf = new byte[8192];
    StringBuilder sb = new StringBuilder();
    int n;
    while ((n = s.getInputStream().read(buf)) > 0) {
      sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      int headerEnd = sb.indexOf("\r\n\r\n");
      if (headerEnd > 0) {
        String headers = sb.substring(0, headerEnd).toLowerCase();
        int at = headers.indexOf("content-length: ");
        if (at >= 0) {
          int len = Integer.parseInt(headers.substring(at + 16).split("\r\n")[0].trim());
          if (sb.length() >= headerEnd + 4 + len) {
            break;
          }
        }
      }
    }
    return sb.toString();
  }
}
