package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The taxi pipeline through the CLI, then {@code kiln serve models/taxi} as a child process (the flow
 * docs/serving.md and the README show; their curl commands are run as written): the
 * {@code infer} step's input rows sent over HTTP give its predictions to the last bit (records, and a v2
 * batch); a second run that pushes a new version is served without a restart; SIGTERM drains and exits 0.
 */
@Tag("e2e")
class TaxiServingE2eTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path project;
  private TaxiDemoProject demo;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private String kiln(String... args) {
    return kiln(0, args);
  }

  private String kiln(int expected, String... args) {
    return demo.kiln(expected, args);
  }

  @Test
  void theServedTaxiModelAnswersAsTheInferStepFollowsANewPushAndStopsOnSigterm() throws Exception {
    demo = TaxiDemoProject.in(project);
    kiln("run", project.resolve("pipelines/taxi.yaml").toString());
    assertTrue(Files.isRegularFile(project.resolve("models/taxi/000001/model.json")), "the taxi model is blessed and pushed");

    // a run's model and a Model artifact resolve and load (then the taken port stops them, exit 2)
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());
      String run = kiln(2, "serve", "run:last", "--port", port);
      assertTrue(run.contains("cannot listen on 127.0.0.1:" + port), run);
      String artifacts = kiln("artifacts");
      Matcher model = Pattern.compile("#(\\d+) +Model ").matcher(artifacts);
      assertTrue(model.find(), artifacts);
      String byId = kiln(2, "serve", "#" + model.group(1), "--port", port);
      assertTrue(byId.contains("cannot listen on 127.0.0.1:" + port), byId);
      String notAModel = kiln(2, "serve", "#1", "--port", port);
      assertTrue(notAModel.contains("not a Model"), notAModel);
    }

    Path log = project.resolve("serve.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.kiln.cli.KilnCli",
        "serve", project.resolve("models/taxi").toString(), "--port", "0", "--poll-ms", "200", "--project", project.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process serve = pb.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + port(log, serve) + "/");
      JsonNode meta = get(base.resolve("v2/models/taxi"));
      assertEquals("000001", meta.get("versions").get(0).asText());
      List<String> inputs = new ArrayList<>();
      meta.get("inputs").forEach(i -> inputs.add(i.get("name").asText()));
      assertEquals(List.of("company", "dropoff_community_area", "fare", "payment_type", "pickup_community_area", "pickup_latitude",
          "trip_miles", "trip_seconds", "trip_start_day", "trip_start_hour"), inputs);

      // the curl commands of the docs, as written (but for the port), against this server
      List<String> curls = new ArrayList<>(curls(Path.of("../docs/serving.md")));
      assertTrue(curls.size() >= 6, "docs/serving.md's curl commands: " + curls);
      List<String> readme = curls(Path.of("../README.md"));
      assertEquals(2, readme.size(), "README's Quickstart curl commands: " + readme);
      curls.addAll(readme);
      for (String curl : curls) {
        String text = bash(curl.replace("localhost:8080", base.getAuthority()));
        JsonNode answer = JSON.readTree(text);
        assertTrue(answer.isArray() || !answer.has("error"), curl + " answered " + answer + "; the model: " + meta);
        if (curl.contains("/infer")) {
          assertTrue(answer.toString().contains("prediction"), curl + " answered " + answer);
        }
      }

      List<GenericRecord> rows = predictions();
      assertTrue(rows.size() > 1000, "the eval split: " + rows.size());
      // records, 100 a request
      for (int from = 0; from < rows.size(); from += 100) {
        ArrayNode batch = JSON.createArrayNode();
        List<GenericRecord> part = rows.subList(from, Math.min(rows.size(), from + 100));
        part.forEach(r -> batch.add(record(r, inputs)));
        JsonNode answer = post(base.resolve("v2/models/taxi/infer"), batch.toString());
        for (int i = 0; i < part.size(); i++) {
          assertBits(part.get(i), answer.get(i).get("prediction"), answer.get(i).get("predicted_class"));
        }
      }
      // one v2 request of every row
      ObjectNode v2 = JSON.createObjectNode();
      ArrayNode tensors = v2.putArray("inputs");
      for (JsonNode in : meta.get("inputs")) {
        ObjectNode t = tensors.addObject();
        t.put("name", in.get("name").asText());
        t.put("datatype", in.get("datatype").asText());
        t.putArray("shape").add(rows.size());
        ArrayNode data = t.putArray("data");
        rows.forEach(r -> data.add(value(r.get(in.get("name").asText()))));
      }
      JsonNode answer = post(base.resolve("v2/models/taxi/infer"), v2.toString());
      JsonNode prediction = output(answer, "prediction");
      JsonNode predictedClass = output(answer, "predicted_class");
      for (int i = 0; i < rows.size(); i++) {
        assertBits(rows.get(i), prediction.get(i), predictedClass.get(i));
      }

      // a second run with another model pushes 000002: served without a restart
      Files.writeString(project.resolve("pipelines/taxi.yaml"), Files.readString(project.resolve("pipelines/taxi.yaml"))
          .replace("with: { label: big_tipper, algorithm: logistic, backend: local }", "with: { label: big_tipper, algorithm: logistic, backend: local, iterations: 7 }"));
      kiln("run", project.resolve("pipelines/taxi.yaml").toString());
      assertTrue(Files.isRegularFile(project.resolve("models/taxi/000002/model.json")), "a second version is pushed");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String live = "";
      while (System.nanoTime() < until && !live.equals("000002")) {
        live = post(base.resolve("v2/models/taxi/infer"), "[" + record(rows.get(0), inputs) + "]").isArray()
            ? get(base.resolve("v2/models/taxi")).get("versions").get(0).asText() : "";
        Thread.sleep(100);
      }
      assertEquals("000002", live, "the new version is served within seconds");

      serve.destroy(); // SIGTERM
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stops");
      String out = Files.readString(log);
      assertEquals(0, serve.exitValue(), out);
      assertTrue(out.contains("SIGTERM: stopping") && out.contains("stopped: requests in flight were answered"), out);
    } finally {
      serve.destroyForcibly();
    }
  }

  /**
   * Every {@code curl -s localhost:8080/v2/...} command of a {@code bash} block of {@code doc} (a quoted
   * body may span lines), but the admin ones: a rollback would change what the rest of the test serves.
   */
  private static List<String> curls(Path doc) throws IOException {
    List<String> out = new ArrayList<>();
    boolean bash = false;
    StringBuilder command = null;
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("```")) {
        bash = line.equals("```bash");
        command = null;
        continue;
      }
      if (!bash) {
        continue;
      }
      if (command == null && line.startsWith("curl -s localhost:8080/v2/")) {
        command = new StringBuilder(line);
      } else if (command != null) {
        command.append('\n').append(line);
      } else {
        continue;
      }
      if (command.chars().filter(c -> c == '\'').count() % 2 == 0) {
        if (!command.toString().contains("/admin/")) {
          out.add(command.toString());
        }
        command = null;
      }
    }
    return out;
  }

  /** Runs {@code command} with bash; its standard output. */
  private static String bash(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
    assertEquals(0, p.exitValue(), command + ": " + out);
    return out;
  }

  private static void assertBits(GenericRecord expected, JsonNode prediction, JsonNode predictedClass) {
    double want = (Double) expected.get("prediction");
    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(prediction.doubleValue()),
        "served " + prediction + ", batch " + want + " for " + expected);
    assertEquals(String.valueOf(expected.get("predicted_class")), predictedClass.asText());
  }

  private static ObjectNode record(GenericRecord r, List<String> inputs) {
    ObjectNode o = JSON.createObjectNode();
    inputs.forEach(i -> o.set(i, value(r.get(i))));
    return o;
  }

  private static JsonNode value(Object v) {
    if (v == null) {
      return JSON.nullNode();
    }
    if (v instanceof Double d) {
      return JSON.getNodeFactory().numberNode(d);
    }
    if (v instanceof Long l) {
      return JSON.getNodeFactory().numberNode(l);
    }
    if (v instanceof Boolean b) {
      return JSON.getNodeFactory().booleanNode(b);
    }
    return JSON.getNodeFactory().textNode(v.toString());
  }

  private static JsonNode output(JsonNode v2, String name) {
    for (JsonNode o : v2.get("outputs")) {
      if (o.get("name").asText().equals(name)) {
        return o.get("data");
      }
    }
    throw new AssertionError("no output " + name + " in " + v2);
  }

  /** The rows of the infer step's committed predictions (its input columns and prediction, predicted_class). */
  private List<GenericRecord> predictions() throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (Stream<Path> files = Files.walk(project.resolve(".kiln/artifacts/taxi/infer/predictions"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".avro")).sorted().toList()) {
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
          in.forEach(rows::add);
        }
      }
    }
    return rows;
  }

  private static int port(Path log, Process serve) throws Exception {
    Pattern p = Pattern.compile("serving taxi \\(version 000001\\) at http://127\\.0\\.0\\.1:(\\d+)/");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until) {
      Matcher m = p.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertTrue(serve.isAlive(), () -> "serve exited: " + read(log));
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not say where it listens: " + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private JsonNode get(URI uri) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private JsonNode post(URI uri, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }
}
