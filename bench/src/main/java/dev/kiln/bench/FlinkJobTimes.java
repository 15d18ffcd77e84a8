package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A finished Flink job's state transitions as its JobManager recorded them (REST {@code GET /jobs/ID},
 * field {@code timestamps}, epoch milliseconds on the JobManager's clock — the same machine's clock
 * as the client's log here).
 *
 * @param initializing the JobManager has received the whole submission (job graph and jars)
 * @param running the job was scheduled: its tasks start deploying
 * @param finished the last task ended
 */
public record FlinkJobTimes(String jobId, String state, long initializing, long running, long finished) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Asks the JobManager at {@code restAddress} ({@code host:port}) for job {@code jobId}. */
  public static FlinkJobTimes fetch(String restAddress, String jobId) {
    URI uri = URI.create("http://" + restAddress + "/jobs/" + jobId);
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new BenchException("Flink REST " + uri + " answered " + r.statusCode() + ": " + r.body());
      }
      return parse(r.body());
    } catch (IOException e) {
      throw new BenchException("cannot ask Flink REST " + uri + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while asking " + uri);
    }
  }

  /** Reads the answer of {@code GET /jobs/ID}. */
  public static FlinkJobTimes parse(String json) {
    try {
      JsonNode job = JSON.readTree(json);
      JsonNode ts = job.path("timestamps");
      if (!job.hasNonNull("jid") || !ts.isObject()) {
        throw new BenchException("not a Flink job description (no jid or timestamps): " + abbreviate(json));
      }
      return new FlinkJobTimes(job.get("jid").asText(), job.path("state").asText(),
          ts.path("INITIALIZING").asLong(0), ts.path("RUNNING").asLong(0), ts.path("FINISHED").asLong(0));
    } catch (IOException e) {
      throw new BenchException("Flink REST answer is not JSON: " + abbreviate(json));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
