package dev.kiln.serving;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The model server: the Open Inference Protocol (KServe v2 REST) over HTTP/1.1 on Jetty 12's core
 * server (no servlet layer), for the models of a {@link ServedModels}. See {@link V2Handler} for the
 * endpoints and {@code docs/serving.md} for the protocol.
 *
 * <p>{@link #stop} is graceful: the listening socket closes, requests in flight finish (up to
 * {@link ServerSettings#drain()}), then the connections and threads end.
 *
 * <p>Example of use:
 * <pre>{@code
 * try (ServedModels models = ServedModels.of(List.of(ModelSource.folder("taxi", ServingFolder.at(dir))));
 *      ModelServer server = ModelServer.start(models, ServerSettings.defaults().withPort(0))) {
 *   URI base = server.uri();   // http://127.0.0.1:PORT/
 *   ...
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final ServingMetrics metrics;
  private final V2Handler handler;
  private final java.time.Duration drain;

  private ModelServer(Server server, ServerConnector connector, ServingMetrics metrics, V2Handler handler, java.time.Duration drain) {
    this.server = server;
    this.connector = connector;
    this.metrics = metrics;
    this.handler = handler;
    this.drain = drain;
  }

  /**
   * Starts serving {@code models}.
   *
   * @throws IOException when the address cannot be bound (the port is taken, the host is not local)
   */
  public static ModelServer start(ServedModels models, ServerSettings settings) throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(settings.threads(), Math.min(settings.threads(), 8));
    pool.setName("kiln-serve");
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    server.addConnector(connector);
    ServingMetrics metrics = new ServingMetrics();
    V2Handler handler = new V2Handler(models, metrics, settings.maxBodyBytes());
    server.setHandler(handler);
    server.setErrorHandler(new JsonErrors());
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      boolean taken = false;
      for (Throwable t = e; t != null; t = t.getCause()) {
        taken |= t instanceof BindException;
      }
      throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + " (" + e.getMessage() + ")"
          + (taken ? "; is another server on that port? choose another with --port" : ""), e);
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
    }
    return new ModelServer(server, connector, metrics, handler, settings.drain());
  }

  /** The port listened on (the one chosen when the settings said 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port/}. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
  }

  public ServingMetrics metrics() {
    return metrics;
  }

  /** Stops accepting, lets the requests in flight finish (at most the drain time), and ends. */
  public synchronized void stop() {
    if (server.isStopped()) {
      return;
    }
    // Stop accepting first (the listening socket closes: a new client is refused at once), then wait for
    // the requests already here, then stop the rest. Jetty's own graceful stop did not wait for a request
    // whose body was still arriving (GracefulStopTest), so the drain is counted here: requests in the
    // handler, and connections whose parser is inside a request not yet handed to it. Quiet must hold
    // for SETTLE_NANOS, so bytes already in a socket but not yet read by the selector are still served.
    connector.close();
    long end = System.nanoTime() + drain.toNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < end) {
      if (handler.inFlight() > 0 || requestArriving()) {
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > SETTLE_NANOS) {
        break;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP server did not stop cleanly: " + e.getMessage(), e);
    }
  }

  private static final long SETTLE_NANOS = 250_000_000L;

  /** Whether a connection has begun a request (its parser is past the start) that no handler has yet. */
  private boolean requestArriving() {
    for (org.eclipse.jetty.io.EndPoint ep : connector.getConnectedEndPoints()) {
      if (ep.getConnection() instanceof org.eclipse.jetty.server.internal.HttpConnection c && !c.getParser().isStart()) {
        return true;
      }
    }
    return false;
  }

  /** Requests in the handler now (for tests). */
  int inFlight() {
    return handler.inFlight();
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    if (!server.isStopped()) {
      stop();
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // it never started
    }
  }

  /** Jetty's own errors (a malformed request line, a header too large) as a JSON body, not an HTML page. */
  private static final class JsonErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus();
      Object message = request.getAttribute(ERROR_MESSAGE);
      String text = message == null ? "HTTP " + status : message.toString();
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, java.nio.ByteBuffer.wrap(V2Handler.errorJson(text)), callback);
      return true;
    }
  }
}
