package dev.kiln.serving;

import java.time.Duration;

/**
 * How a {@link ModelServer} listens. Immutable; change a setting with a {@code with…} copy.
 *
 * <pre>{@code
 * ServerSettings s = ServerSettings.defaults().withPort(8080).withMaxBodyBytes(1 << 20);
 * }</pre>
 *
 * @param host the address to bind (127.0.0.1 unless told otherwise: a model server is not public by accident)
 * @param port the port; 0 for any free one
 * @param maxBodyBytes the largest request body taken; a larger one is answered 413
 * @param threads the request threads (Jetty's pool; at least 4: the acceptor and selector take two)
 * @param drain how long a stop waits for requests in flight
 */
public record ServerSettings(String host, int port, long maxBodyBytes, int threads, Duration drain) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 8L << 20;

  public ServerSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must be an address or name, e.g. 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, not " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body size limit must be at least 1 byte, not " + maxBodyBytes);
    }
    if (threads < 4) {
      throw new IllegalArgumentException("at least 4 threads, not " + threads);
    }
  }

  /** 127.0.0.1:8080, 8 MiB bodies, 16 threads, 30 s to drain. */
  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, 16, Duration.ofSeconds(30));
  }

  public ServerSettings withHost(String h) {
    return new ServerSettings(h, port, maxBodyBytes, threads, drain);
  }

  public ServerSettings withPort(int p) {
    return new ServerSettings(host, p, maxBodyBytes, threads, drain);
  }

  public ServerSettings withMaxBodyBytes(long b) {
    return new ServerSettings(host, port, b, threads, drain);
  }

  public ServerSettings withThreads(int t) {
    return new ServerSettings(host, port, maxBodyBytes, t, drain);
  }

  public ServerSettings withDrain(Duration d) {
    return new ServerSettings(host, port, maxBodyBytes, threads, d);
  }
}
