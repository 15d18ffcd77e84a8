package dev.kiln.runners.flink;

import dev.kiln.core.spec.SpecException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Flink runs, as a user names it with {@code --flink-master}: {@code [local]} (or nothing) for a
 * mini cluster inside this process, or {@code host:port}, the REST address of a cluster's JobManager
 * (an {@code http://} prefix is allowed and ignored).
 *
 * @param host null when embedded
 * @param port 0 when embedded
 */
public record FlinkMaster(String host, int port) {
  /** The embedded mini cluster. */
  public static final FlinkMaster EMBEDDED = new FlinkMaster(null, 0);

  private static final Pattern HOST_PORT = Pattern.compile("(?:https?://)?([A-Za-z0-9._-]+|\\[[0-9a-fA-F:]+\\]):(\\d{1,5})/?");

  /** Parses a {@code --flink-master} value; a malformed one is a one-line {@link SpecException}. */
  public static FlinkMaster parse(String value) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty() || v.equals("[local]") || v.equals("local")) {
      return EMBEDDED;
    }
    Matcher m = HOST_PORT.matcher(v);
    if (!m.matches()) {
      throw new SpecException("--flink-master '" + value + "': expected host:port, the REST address of a Flink"
          + " JobManager (e.g. localhost:18081), or [local] for Flink inside this process");
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw new SpecException("--flink-master '" + value + "': port " + port + " is not between 1 and 65535");
    }
    return new FlinkMaster(m.group(1), port);
  }

  public boolean embedded() {
    return host == null;
  }

  /** The JobManager's REST base URL, e.g. {@code http://localhost:18081}; only for a cluster. */
  public String restUrl() {
    return "http://" + host + ":" + port;
  }

  /** The value Beam's {@code FlinkPipelineOptions.setFlinkMaster} takes. */
  String beamValue() {
    return embedded() ? "[local]" : host + ":" + port;
  }

  @Override
  public String toString() {
    return embedded() ? "[local]" : host + ":" + port;
  }
}
