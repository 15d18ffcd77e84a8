package dev.kiln.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's mistakes get a 4xx with a JSON body that names the problem; never a 500, never a stack
 * trace. Against a real server on a loopback port, with a multiclass penguins model whose inputs are
 * bill_depth_mm, bill_length_mm (nullable: imputed), body_mass_g, flipper_length_mm (INT64) and island.
 */
class BadRequestsTest {
  private static ServedModels models;
  private static ModelServer server;
  private static Http http;

  private static final String GOOD = "{\"bill_depth_mm\": 18.9, \"bill_length_mm\": 38.1, \"body_mass_g\": 3550, \"flipper_length_mm\": 189, \"island\": \"Dream\"}";

  @BeforeAll
  static void start() throws Exception {
    models = ServedModels.of(List.of(ModelSource.fixed("penguins", "1", Fixtures.multiclass())));
    server = ModelServer.start(models, ServerSettings.defaults().withPort(0).withMaxBodyBytes(4096));
    http = new Http(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
    models.close();
  }

  /** The answer has this 4xx status and a JSON error naming every one of {@code words}, and no stack trace. */
  private static void assertRefused(Http.Answer a, int status, String... words) {
    assertEquals(status, a.status(), a.body());
    assertTrue(a.contentType().startsWith("application/json"), a.contentType());
    String error = a.json().get("error").asText();
    for (String w : words) {
      assertTrue(error.contains(w), "'" + w + "' in: " + error);
    }
    assertFalse(a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("dev.kiln."), "no stack trace: " + a.body());
  }

  @Test
  void aGoodRecordIsAnswered() {
    Http.Answer a = http.post("/v2/models/penguins/infer", "[" + GOOD + "]");
    assertEquals(200, a.status(), a.body());
    assertTrue(a.json().get(0).get("probabilities").has("0"), a.body());
  }

  @Test
  void malformedJson() {
    assertRefused(http.post("/v2/models/penguins/infer", "[{\"bill_depth_mm\": 18.9,"), 400, "not valid JSON", "line 1");
    assertRefused(http.post("/v2/models/penguins/infer", ""), 400, "empty");
    assertRefused(http.post("/v2/models/penguins/infer", "[" + GOOD + "] trailing"), 400, "not valid JSON");
    assertRefused(http.post("/v2/models/penguins/infer", "42"), 400, "number");
  }

  @Test
  void aWrongType() {
    assertRefused(http.post("/v2/models/penguins/infer", "[" + GOOD.replace("18.9", "\"deep\"") + "]"), 400,
        "record 0 key 'bill_depth_mm'", "\"deep\"", "a number (FP64)");
    assertRefused(http.post("/v2/models/penguins/infer", "[" + GOOD.replace("189", "189.5") + "]"), 400,
        "flipper_length_mm", "189.5", "whole number (INT64)");
    assertRefused(http.post("/v2/models/penguins/infer", "[" + GOOD.replace("\"Dream\"", "3") + "]"), 400, "island", "a string (BYTES)");
    assertRefused(http.post("/v2/models/penguins/infer", v2("FP64", "[1]", "[18.9]").replace("\"name\": \"flipper_length_mm\", \"datatype\": \"INT64\"", "\"name\": \"flipper_length_mm\", \"datatype\": \"FP64\"")),
        400, "input 'flipper_length_mm' has datatype FP64", "takes INT64");
  }

  @Test
  void aNullWhereTheModelNeedsAValue() {
    // bill_depth_mm has no imputation: the graph cannot fill it in
    assertRefused(http.post("/v2/models/penguins/infer", "[" + GOOD.replace("18.9", "null") + "]"), 400, "bill_depth_mm");
  }

  @Test
  void aMissingOrAnExtraFeature() {
    assertRefused(http.post("/v2/models/penguins/infer", "[" + GOOD.replace(", \"island\": \"Dream\"", "") + "]"), 400, "record 0 misses the input [island]");
    assertRefused(http.post("/v2/models/penguins/infer", "[" + GOOD.replace("}", ", \"beak\": 1}") + "]"), 400, "record 0", "not an input: [beak]");
    String v2 = v2("FP64", "[1]", "[18.9]");
    assertRefused(http.post("/v2/models/penguins/infer", v2.replace("{\"name\": \"island\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"Dream\"]}, ", "")),
        400, "misses the input [island]");
    assertRefused(http.post("/v2/models/penguins/infer", v2.replace("\"inputs\": [", "\"inputs\": [{\"name\": \"beak\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [1]}, ")),
        400, "input 'beak' is not an input of model 'penguins'");
    assertRefused(http.post("/v2/models/penguins/infer", v2.replace("\"shape\": [1], \"data\": [\"Dream\"]", "\"shape\": [2], \"data\": [\"Dream\", \"Biscoe\"]")),
        400, "rows");
    assertRefused(http.post("/v2/models/penguins/infer", "{\"input\": []}"), 400, "unknown key 'input'");
  }

  @Test
  void aBodyOverTheLimit() {
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      many.append(i == 0 ? "" : ",").append(GOOD);
    }
    assertRefused(http.post("/v2/models/penguins/infer", many.append("]").toString()), 413, "limit of 4096");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedToo() throws Exception {
    // no Content-Length: the limit holds while reading
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v2/models/penguins/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String chunk = "[" + (GOOD + ",").repeat(60);
      byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
      out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 413"), response);
      assertTrue(response.contains("limit of 4096"), response);
    }
  }

  @Test
  void anUnknownModelOrVersion() {
    assertRefused(http.post("/v2/models/pinguins/infer", "[" + GOOD + "]"), 404, "no model named 'pinguins'", "[penguins]");
    assertRefused(http.post("/v2/models/penguins/versions/7/infer", "[" + GOOD + "]"), 404, "no version '7'", "live version is 1");
    assertRefused(http.get("/v2/models/pinguins"), 404, "pinguins");
    assertRefused(http.get("/v2/models/penguins/versions/7/ready"), 404, "no version '7'");
  }

  @Test
  void aWrongContentTypeMethodOrPath() {
    assertRefused(http.post("/v2/models/penguins/infer", "text/csv", "a,b\n1,2\n"), 415, "text/csv", "application/json");
    assertRefused(http.post("/v2/models/penguins/infer", "application/x-www-form-urlencoded", "[" + GOOD + "]"), 415, "Content-Type: application/json");
    assertRefused(http.get("/v2/models/penguins/infer"), 405, "GET", "POST");
    assertRefused(http.post("/v2/models/penguins", "{}"), 405, "POST", "GET");
    assertRefused(http.get("/v3/models"), 404, "no endpoint /v3/models");
    assertRefused(http.get("/v2/models/penguins/explain"), 404, "no endpoint");
  }

  @Test
  void aBrokenHttpRequestGetsJsonFromJettyToo() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write("GET /v2 HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 400"), response);
      assertTrue(response.contains("application/json") && response.contains("{\"error\":"), response);
      assertFalse(response.contains("<html"), response);
    }
  }

  /** A v2 request with every input (one row), bill_depth_mm given as {@code depthType} and {@code depthData}. */
  private static String v2(String depthType, String shape, String depthData) {
    return "{\"inputs\": ["
        + "{\"name\": \"island\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"Dream\"]}, "
        + "{\"name\": \"bill_depth_mm\", \"datatype\": \"" + depthType + "\", \"shape\": " + shape + ", \"data\": " + depthData + "}, "
        + "{\"name\": \"bill_length_mm\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [38.1]}, "
        + "{\"name\": \"body_mass_g\", \"datatype\": \"INT64\", \"shape\": [1], \"data\": [3550]}, "
        + "{\"name\": \"flipper_length_mm\", \"datatype\": \"INT64\", \"shape\": [1], \"data\": [189]}]}";
  }

  @Test
  void theV2HelperRequestIsGood() {
    Http.Answer a = http.post("/v2/models/penguins/infer", v2("FP64", "[1, 1]", "[[18.9]]"));
    assertEquals(200, a.status(), a.body());
  }
}
