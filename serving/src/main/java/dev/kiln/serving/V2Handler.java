package dev.kiln.serving;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.core.KilnVersion;
import dev.kiln.ml.model.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of the Open Inference Protocol (KServe v2 REST), plus metrics and rollback:
 *
 * <pre>
 * GET  /v2/health/live                          200 while the process runs
 * GET  /v2/health/ready                         200 when every model has a live version, else 503
 * GET  /v2                                      server metadata
 * GET  /v2/models/{name}[/versions/{v}]         model metadata: inputs with datatypes and shapes, outputs, version
 * GET  /v2/models/{name}[/versions/{v}]/ready
 * POST /v2/models/{name}[/versions/{v}]/infer   a v2 request, or a JSON list of records
 * GET  /metrics                                 Prometheus text
 * POST /v2/admin/models/{name}/rollback         the version before the live one (from a loopback address only)
 * </pre>
 *
 * A client's mistake is a 4xx with {@code {"error": "..."}} naming it; a fault of the server is a 500
 * with a one-line message, logged with its stack trace, never sent.
 */
final class V2Handler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(V2Handler.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String APPLICATION_JSON = "application/json";

  private final ServedModels models;
  private final ServingMetrics metrics;
  private final long maxBodyBytes;
  /** Requests between their arrival here and the end of their answer's write: what a stop drains. */
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

  V2Handler(ServedModels models, ServingMetrics metrics, long maxBodyBytes) {
    this.models = models;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** What to send back. */
  private record Answer(int status, String contentType, byte[] body) {
    static Answer json(int status, byte[] body) {
      return new Answer(status, APPLICATION_JSON, body);
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    inFlight.incrementAndGet();
    try {
      return answer(request, response, Callback.from(() -> {
        inFlight.decrementAndGet();
        callback.succeeded();
      }, x -> {
        inFlight.decrementAndGet();
        callback.failed(x);
      }));
    } catch (RuntimeException | Error e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }

  private boolean answer(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = request.getHttpURI().getDecodedPath();
    String method = request.getMethod();
    List<String> parts = segments(path);
    Answer answer;
    // the inference bookkeeping: which model (null: unknown), how many rows
    String[] model = {null};
    int[] rows = {0};
    boolean inference = parts.size() >= 3 && parts.get(0).equals("v2") && parts.get(1).equals("models")
        && parts.get(parts.size() - 1).equals("infer");
    try {
      answer = route(request, method, parts, model, rows);
    } catch (BadRequest e) {
      answer = Answer.json(e.status(), errorJson(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", method, path, e);
      answer = Answer.json(500, errorJson("internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))));
    }
    if (answer.status() >= 400 && method.equals("POST")) {
      finishBody(request, response, answer.status());
    }
    if (inference) {
      metrics.record(model[0], answer.status(), answer.status() == 200 ? rows[0] : 0, System.nanoTime() - start);
    }
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
    return true;
  }

  private Answer route(Request request, String method, List<String> p, String[] model, int[] rows) {
    int n = p.size();
    if (n == 1 && p.get(0).equals("metrics")) {
      requireMethod(method, "GET");
      return new Answer(200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheus().getBytes(StandardCharsets.UTF_8));
    }
    if (n == 0 || !p.get(0).equals("v2")) {
      throw notFound(p);
    }
    if (n == 1) {
      requireMethod(method, "GET");
      return Answer.json(200, json(g -> {
        g.writeStringField("name", "kiln");
        g.writeStringField("version", KilnVersion.VERSION);
        g.writeArrayFieldStart("extensions");
        g.writeEndArray();
      }));
    }
    if (n == 3 && p.get(1).equals("health") && (p.get(2).equals("live") || p.get(2).equals("ready"))) {
      requireMethod(method, "GET");
      boolean live = p.get(2).equals("live");
      boolean ok = live || models.ready();
      return Answer.json(ok ? 200 : 503, json(g -> g.writeBooleanField(live ? "live" : "ready", ok)));
    }
    if (n == 5 && p.get(1).equals("admin") && p.get(2).equals("models") && p.get(4).equals("rollback")) {
      requireMethod(method, "POST");
      return rollback(request, p.get(3));
    }
    if (n >= 3 && p.get(1).equals("models")) {
      String name = p.get(2);
      String version = null;
      int at = 3;
      if (n >= 5 && p.get(3).equals("versions")) {
        version = p.get(4);
        at = 5;
      }
      String action = n == at ? "" : n == at + 1 ? p.get(at) : null;
      if (action == null || !(action.isEmpty() || action.equals("ready") || action.equals("infer"))) {
        throw notFound(p);
      }
      if (!models.knows(name)) {
        throw BadRequest.status(404, "no model named '" + name + "'; this server serves " + models.names());
      }
      model[0] = name;
      ServedModel served = find(name, version);
      switch (action) {
        case "" -> {
          requireMethod(method, "GET");
          return Answer.json(200, metadata(served));
        }
        case "ready" -> {
          requireMethod(method, "GET");
          return Answer.json(200, json(g -> {
            g.writeStringField("name", served.name());
            g.writeStringField("version", served.version());
            g.writeBooleanField("ready", true);
          }));
        }
        default -> {
          requireMethod(method, "POST");
          return infer(request, served, rows);
        }
      }
    }
    throw notFound(p);
  }

  private ServedModel find(String name, String version) {
    if (version == null) {
      return models.live(name).orElseThrow(() -> BadRequest.unavailable("model '" + name + "' has no version yet; it is served once one is pushed"));
    }
    return models.version(name, version).orElseThrow(() -> BadRequest.status(404, "model '" + name + "' has no version '" + version + "'"
        + models.live(name).map(m -> "; the live version is " + m.version()).orElse("")));
  }

  private Answer infer(Request request, ServedModel model, int[] rows) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(APPLICATION_JSON)) {
      throw BadRequest.status(415, "the body is '" + type + "'; send JSON with Content-Type: application/json");
    }
    byte[] body = body(request);
    InferenceRequest req = InferenceRequest.read(body, model);
    List<Prediction> predictions = new ArrayList<>(req.rows().size());
    for (int r = 0; r < req.rows().size(); r++) {
      try {
        predictions.add(model.predict(req.rows().get(r)));
      } catch (IllegalArgumentException e) {
        // the scorer names the feature: a null the model cannot take (not imputed), a value out of range
        throw BadRequest.of("row " + r + ": " + e.getMessage());
      }
    }
    rows[0] = predictions.size();
    return Answer.json(200, InferenceResponse.write(model, req, predictions));
  }

  private byte[] body(Request request) {
    long length = request.getLength();
    if (length > maxBodyBytes) {
      throw BadRequest.status(413, "the body is " + length + " bytes, more than the limit of " + maxBodyBytes + " (--max-body-bytes); send fewer rows per request");
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw BadRequest.status(413, "the body is more than the limit of " + maxBodyBytes + " bytes (--max-body-bytes); send fewer rows per request");
      }
      return body;
    } catch (IOException e) {
      throw BadRequest.of("the body could not be read: " + e.getMessage());
    }
  }

  /**
   * Before answering an error, reads what is left of a body that fits the limit, so the connection can
   * be kept alive; a body over the limit is not read, and the connection is closed after the answer (a
   * client must not send its next request on it while the old body is still coming).
   */
  private void finishBody(Request request, Response response, int status) {
    long length = request.getLength();
    if (status != 413 && length >= 0 && length <= maxBodyBytes) {
      try {
        Content.Source.consumeAll(request);
        return;
      } catch (IOException e) {
        // fall through: close
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  private Answer rollback(Request request, String name) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress a) || a.getAddress() == null || !a.getAddress().isLoopbackAddress()) {
      throw BadRequest.status(403, "rollback is taken from this machine only (a loopback address)");
    }
    if (!models.knows(name)) {
      throw BadRequest.status(404, "no model named '" + name + "'; this server serves " + models.names());
    }
    String version;
    try {
      version = models.rollback(name);
    } catch (UnsupportedOperationException | IllegalStateException e) {
      throw BadRequest.status(409, e.getMessage());
    }
    return Answer.json(200, json(g -> {
      g.writeStringField("name", name);
      g.writeStringField("live", version);
    }));
  }

  private static byte[] metadata(ServedModel m) {
    return json(g -> {
      g.writeStringField("name", m.name());
      g.writeArrayFieldStart("versions");
      g.writeString(m.version());
      g.writeEndArray();
      g.writeStringField("platform", "kiln");
      g.writeArrayFieldStart("inputs");
      for (ServedInput in : m.inputs()) {
        g.writeStartObject();
        g.writeStringField("name", in.name());
        g.writeStringField("datatype", in.datatype());
        g.writeArrayFieldStart("shape");
        g.writeNumber(-1);
        g.writeEndArray();
        g.writeObjectFieldStart("parameters");
        g.writeBooleanField("nullable", in.nullable());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("outputs");
      for (String out : m.outputs()) {
        g.writeStartObject();
        g.writeStringField("name", out);
        g.writeStringField("datatype", out.equals(ServedModel.Outputs.PREDICTED_CLASS) ? "BYTES" : "FP64");
        g.writeArrayFieldStart("shape");
        g.writeNumber(-1);
        if (out.equals(ServedModel.Outputs.PROBABILITIES)) {
          g.writeNumber(m.classes().size());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("parameters");
      g.writeStringField("task", m.task().jsonName());
      g.writeArrayFieldStart("classes");
      for (String c : m.classes()) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeStringField("sha256", m.fingerprint());
      g.writeEndObject();
    });
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw BadRequest.status(405, method + " is not allowed here; use " + allowed);
    }
  }

  private static BadRequest notFound(List<String> p) {
    return BadRequest.status(404, "no endpoint /" + String.join("/", p)
        + "; see /v2/models/{name}, /v2/models/{name}/infer, /v2/health/ready, /metrics");
  }

  /** The path's non-empty segments. */
  private static List<String> segments(String path) {
    List<String> parts = new ArrayList<>(6);
    if (path == null) {
      return parts;
    }
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    return parts;
  }

  /** {@code {"error": message}}. */
  static byte[] errorJson(String message) {
    return json(g -> g.writeStringField("error", message));
  }

  @FunctionalInterface
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
