package dev.kiln.runners.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks a Flink cluster's REST endpoint ({@code GET /overview}) whether it can take Kiln's jobs, before
 * anything is staged or submitted: that it answers, is Flink, runs the Flink minor version Beam's
 * runner was built for, and has a TaskManager with slots. Every refusal is a one-line
 * {@link FlinkUnavailableException} naming the address and what to do.
 */
public final class ClusterProbe {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Duration timeout;
  private final String clientVersion;

  /**
   * @param timeout for connecting and for the answer
   * @param clientVersion the Flink version Kiln submits with (its major.minor must match the cluster's);
   *     null to accept any version
   */
  public ClusterProbe(Duration timeout, String clientVersion) {
    this.timeout = timeout;
    this.clientVersion = clientVersion;
  }

  /** A probe with a 5 s timeout that checks against the Flink version on Kiln's class path. */
  public static ClusterProbe standard() {
    return new ClusterProbe(Duration.ofSeconds(5), FlinkVersion.onClassPath());
  }

  /** The cluster's overview, or a {@link FlinkUnavailableException} saying why it cannot take a job. */
  public ClusterOverview check(FlinkMaster master) {
    if (master.embedded()) {
      throw new IllegalArgumentException("the embedded Flink has no REST endpoint to probe");
    }
    String url = master.restUrl() + "/overview";
    String where = "the Flink cluster at " + master;
    try {
      // resolved here because the HTTP client reports an unknown host as a refused connection
      InetAddress.getByName(master.host());
    } catch (UnknownHostException e) {
      throw unreachable(master, "unknown host '" + master.host() + "'", e);
    }
    HttpResponse<String> response;
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
      response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw unreachable(master, "no answer within " + timeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw unreachable(master, "connection refused", e);
    } catch (IOException e) {
      throw unreachable(master, rootCause(e) instanceof ConnectException ? "connection refused" : e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkUnavailableException("interrupted while probing " + where, e);
    }
    ClusterOverview overview = parse(master, response);
    if (clientVersion != null && !minor(clientVersion).equals(minor(overview.flinkVersion()))) {
      throw new FlinkUnavailableException(where + " runs Flink " + overview.flinkVersion() + ", but Kiln submits with"
          + " Beam's runner for Flink " + minor(clientVersion) + "; use a Flink " + minor(clientVersion)
          + ".x cluster (scripts/flink-cluster.sh start runs one)");
    }
    if (overview.taskManagers() == 0 || overview.slotsTotal() == 0) {
      throw new FlinkUnavailableException(where + " has no TaskManager registered, so a job would wait for one;"
          + " start a TaskManager (scripts/flink-cluster.sh start starts both processes) and retry");
    }
    return overview;
  }

  private static ClusterOverview parse(FlinkMaster master, HttpResponse<String> response) {
    String notFlink = master + " answered GET /overview with %s: it is not a Flink REST endpoint; --flink-master"
        + " names the JobManager's REST address (rest.port in its configuration)";
    if (response.statusCode() != 200) {
      throw new FlinkUnavailableException(String.format(notFlink, "HTTP " + response.statusCode()));
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new FlinkUnavailableException(String.format(notFlink, "something that is not JSON"), e);
    }
    if (json == null || !json.hasNonNull("flink-version") || !json.has("taskmanagers")) {
      throw new FlinkUnavailableException(String.format(notFlink, "JSON without flink-version"));
    }
    return new ClusterOverview(json.get("flink-version").asText(), json.path("taskmanagers").asInt(),
        json.path("slots-total").asInt(), json.path("slots-available").asInt());
  }

  private static FlinkUnavailableException unreachable(FlinkMaster master, String why, Throwable cause) {
    return new FlinkUnavailableException("cannot reach a Flink cluster at " + master + " (" + why + "); start it"
        + " (scripts/flink-cluster.sh start runs one at localhost:18081) or correct --flink-master", cause);
  }

  /** {@code 1.19} of {@code 1.19.0}. */
  static String minor(String version) {
    String[] parts = version.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
