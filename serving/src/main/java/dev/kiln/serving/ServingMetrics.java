package dev.kiln.serving;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts, rows, errors and a latency histogram per model, written in the Prometheus text
 * format at {@code /metrics}. Counting is lock-free ({@link LongAdder}s), so it costs the hot path a
 * few nanoseconds. Requests for a model the server does not know are counted under
 * {@code model="_unknown"}, so a client cannot make up label values.
 */
public final class ServingMetrics {
  /** Upper bounds of the latency buckets, in seconds. */
  static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  static final String UNKNOWN = "_unknown";

  private final Map<String, PerModel> models = new ConcurrentHashMap<>();

  private static final class PerModel {
    final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    final LongAdder errors = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final DoubleAdder seconds = new DoubleAdder();

    PerModel() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  /**
   * Counts one inference request.
   *
   * @param model the model's name, or null when the name was not a served model
   * @param status the HTTP status answered
   * @param rows the rows scored (0 when the request failed)
   * @param nanos how long it took
   */
  public void record(String model, int status, int rows, long nanos) {
    PerModel m = models.computeIfAbsent(model == null ? UNKNOWN : model, k -> new PerModel());
    m.byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    if (status >= 400) {
      m.errors.increment();
    }
    m.rows.add(rows);
    double s = nanos / 1e9;
    m.count.increment();
    m.seconds.add(s);
    for (int i = 0; i < BUCKETS.length; i++) {
      if (s <= BUCKETS[i]) {
        m.buckets[i].increment();
        break; // cumulated when written
      }
    }
  }

  /** The Prometheus text exposition (version 0.0.4). */
  public String prometheus() {
    StringBuilder sb = new StringBuilder(1024);
    Map<String, PerModel> sorted = new TreeMap<>(models);
    sb.append("# HELP kiln_serving_requests_total Inference requests, by model and HTTP status.\n");
    sb.append("# TYPE kiln_serving_requests_total counter\n");
    sorted.forEach((name, m) -> new TreeMap<>(m.byStatus).forEach((status, n) ->
        sb.append("kiln_serving_requests_total{model=\"").append(escape(name)).append("\",code=\"").append(status).append("\"} ").append(n.sum()).append('\n')));
    sb.append("# HELP kiln_serving_request_errors_total Inference requests answered with a 4xx or 5xx status.\n");
    sb.append("# TYPE kiln_serving_request_errors_total counter\n");
    sorted.forEach((name, m) -> sb.append("kiln_serving_request_errors_total{model=\"").append(escape(name)).append("\"} ").append(m.errors.sum()).append('\n'));
    sb.append("# HELP kiln_serving_rows_total Rows scored.\n");
    sb.append("# TYPE kiln_serving_rows_total counter\n");
    sorted.forEach((name, m) -> sb.append("kiln_serving_rows_total{model=\"").append(escape(name)).append("\"} ").append(m.rows.sum()).append('\n'));
    sb.append("# HELP kiln_serving_request_duration_seconds Time from a request's arrival to its answer.\n");
    sb.append("# TYPE kiln_serving_request_duration_seconds histogram\n");
    sorted.forEach((name, m) -> {
      String label = escape(name);
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += m.buckets[i].sum();
        sb.append("kiln_serving_request_duration_seconds_bucket{model=\"").append(label).append("\",le=\"").append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
      }
      long count = m.count.sum();
      sb.append("kiln_serving_request_duration_seconds_bucket{model=\"").append(label).append("\",le=\"+Inf\"} ").append(count).append('\n');
      sb.append("kiln_serving_request_duration_seconds_sum{model=\"").append(label).append("\"} ").append(m.seconds.sum()).append('\n');
      sb.append("kiln_serving_request_duration_seconds_count{model=\"").append(label).append("\"} ").append(count).append('\n');
    });
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
