package dev.kiln.runners.gcp.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on a free loopback port that hands every request to {@link #handle} and keeps
 * a log of "METHOD path?query" lines for assertions.
 */
abstract class LocalHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, getClass().getSimpleName());
    t.setDaemon(true);
    return t;
  });
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  LocalHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a local port", e);
    }
    server.createContext("/", this::exchange);
    server.setExecutor(threads);
    server.start();
  }

  /** http://127.0.0.1:PORT (no trailing slash). */
  public String baseUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /** Every request so far, as "METHOD /path?query" (batch parts included, marked "batch:"). */
  public List<String> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  void record(String line) {
    log.add(line);
  }

  abstract HttpCall.Response handle(HttpCall call);

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
        // Google's HTTP clients gzip upload bodies by default
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
      String rawQuery = ex.getRequestURI().getRawQuery();
      record(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
      HttpCall.Response r;
      try {
        r = handle(new HttpCall(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), rawQuery, headers, body, baseUrl()));
      } catch (RuntimeException e) {
        r = HttpCall.Response.error(500, "backendError", "local server: " + e);
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      boolean noBody = r.body().length == 0 || ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(r.status(), noBody ? -1 : r.body().length);
      if (!noBody) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(r.body());
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
