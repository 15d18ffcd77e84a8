package dev.kiln.serving;

import com.sun.net.httpserver.HttpServer;
import dev.kiln.ml.model.Prediction;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The measurement behind the choice of Jetty (docs/serving.md): the same model and the same request
 * code ({@link InferenceRequest}, {@link ServedModel#predict}, {@link InferenceResponse}) behind Jetty
 * ({@link ModelServer}) and behind the JDK's {@code com.sun.net.httpserver} with a pool of as many
 * threads, both on loopback, loaded in turn with wrk (the commands are in docs/benchmarks.md, "Serving
 * (issue 11)"). Run the JDK side with {@code -Dsun.net.httpserver.nodelay=true}: without it each answer
 * waits ~40 ms for a delayed ACK (the headers and the body go out as two writes).
 *
 * <pre>java -cp serving/target/test-classes:cli/target/kiln.jar dev.kiln.serving.ServerChoiceBenchmark MODEL_JSON</pre>
 * prints {@code jetty PORT} and {@code jdk PORT}, then serves until killed.
 */
public final class ServerChoiceBenchmark {
  private ServerChoiceBenchmark() {}

  public static void main(String[] args) throws Exception {
    String json = java.nio.file.Files.readString(java.nio.file.Path.of(args[0]));
    ServedModels models = ServedModels.of(List.of(ModelSource.fixed("m", "1", json)));
    ModelServer jetty = ModelServer.start(models, ServerSettings.defaults().withPort(0).withThreads(16));
    System.out.println("jetty " + jetty.port());

    ServedModel model = models.live("m").orElseThrow();
    HttpServer jdk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    jdk.setExecutor(pool);
    jdk.createContext("/v2/models/m/infer", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes((int) ServerSettings.DEFAULT_MAX_BODY_BYTES + 1);
      }
      int status = 200;
      byte[] answer;
      try {
        InferenceRequest req = InferenceRequest.read(body, model);
        List<Prediction> p = new java.util.ArrayList<>();
        req.rows().forEach(r -> p.add(model.predict(r)));
        answer = InferenceResponse.write(model, req, p);
      } catch (BadRequest e) {
        status = e.status();
        answer = ("{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    jdk.start();
    System.out.println("jdk " + jdk.getAddress().getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
