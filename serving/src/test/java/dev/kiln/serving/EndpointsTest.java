package dev.kiln.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 endpoints answer as the protocol says: health, metadata, readiness, inference, metrics. */
class EndpointsTest {
  @TempDir Path dir;

  private static final String ROW = "{\"bill_depth_mm\": 18.9, \"bill_length_mm\": null, \"body_mass_g\": 3550, \"flipper_length_mm\": 189, \"island\": \"Dream\"}";

  @Test
  void healthMetadataReadinessInferenceAndMetrics() throws Exception {
    try (ServedModels models = ServedModels.of(List.of(ModelSource.fixed("penguins", "3", Fixtures.multiclass()),
             ModelSource.fixed("adelie", "1", Fixtures.binary())));
         ModelServer server = ModelServer.start(models, ServerSettings.defaults().withPort(0))) {
      Http http = new Http(server.uri());
      assertEquals("127.0.0.1", server.uri().getHost(), "loopback unless told otherwise");
      assertEquals(200, http.get("/v2/health/live").status());
      assertEquals(true, http.get("/v2/health/ready").json().get("ready").booleanValue());
      assertEquals("kiln", http.get("/v2").json().get("name").asText());

      JsonNode meta = http.get("/v2/models/penguins").json();
      assertEquals("penguins", meta.get("name").asText());
      assertEquals("3", meta.get("versions").get(0).asText());
      List<String> inputs = new ArrayList<>();
      meta.get("inputs").forEach(i -> inputs.add(i.get("name").asText() + ":" + i.get("datatype").asText()));
      assertEquals(List.of("bill_depth_mm:FP64", "bill_length_mm:FP64", "body_mass_g:INT64", "flipper_length_mm:INT64", "island:BYTES"), inputs);
      assertEquals(List.of("prediction", "predicted_class", "probabilities"), names(meta.get("outputs")));
      assertEquals("multiclass", meta.get("parameters").get("task").asText());
      assertEquals(List.of("0", "1", "2"), texts(meta.get("parameters").get("classes")));
      assertEquals(true, http.get("/v2/models/penguins/ready").json().get("ready").booleanValue());
      assertEquals(true, http.get("/v2/models/penguins/versions/3/ready").json().get("ready").booleanValue());

      // a v2 batch of two rows, with an id and one output asked for
      String v2 = "{\"id\": \"r1\", \"outputs\": [{\"name\": \"predicted_class\"}], \"inputs\": ["
          + "{\"name\": \"island\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"Dream\", \"Biscoe\"]},"
          + "{\"name\": \"bill_depth_mm\", \"datatype\": \"FP64\", \"shape\": [2, 1], \"data\": [[18.9], [14.1]]},"
          + "{\"name\": \"bill_length_mm\", \"datatype\": \"FP64\", \"shape\": [2], \"data\": [38.1, 48.7]},"
          + "{\"name\": \"body_mass_g\", \"datatype\": \"INT64\", \"shape\": [2], \"data\": [3550, 5350]},"
          + "{\"name\": \"flipper_length_mm\", \"datatype\": \"INT64\", \"shape\": [2], \"data\": [189, 222]}]}";
      JsonNode answer = http.post("/v2/models/penguins/versions/3/infer", v2).json();
      assertEquals("r1", answer.get("id").asText());
      assertEquals("penguins", answer.get("model_name").asText());
      assertEquals(List.of("predicted_class"), names(answer.get("outputs")));
      assertEquals(List.of(2), List.of(answer.get("outputs").get(0).get("shape").get(0).intValue()));

      // records; a null where the graph imputes (bill_length_mm: mean) is taken
      JsonNode records = http.post("/v2/models/adelie/infer", "[" + ROW + "," + ROW + "]").json();
      assertEquals(2, records.size());
      double p = records.get(0).get("prediction").doubleValue();
      assertEquals(p, records.get(0).get("probabilities").get("true").doubleValue());
      assertEquals(p >= 0.5 ? "true" : "false", records.get(0).get("predicted_class").asText());
      assertEquals(400, http.post("/v2/models/adelie/infer", "[{}]").status());

      String metrics = http.get("/metrics").body();
      assertTrue(metrics.contains("kiln_serving_requests_total{model=\"penguins\",code=\"200\"} 1\n"), metrics);
      assertTrue(metrics.contains("kiln_serving_requests_total{model=\"adelie\",code=\"400\"} 1\n"), metrics);
      assertTrue(metrics.contains("kiln_serving_request_errors_total{model=\"adelie\"} 1\n"), metrics);
      assertTrue(metrics.contains("kiln_serving_rows_total{model=\"adelie\"} 2\n"), metrics);
      assertTrue(metrics.contains("kiln_serving_request_duration_seconds_count{model=\"penguins\"} 1\n"), metrics);
      assertTrue(metrics.contains("kiln_serving_request_duration_seconds_bucket{model=\"adelie\",le=\"+Inf\"} 2\n"), metrics);
      assertTrue(metrics.contains("# TYPE kiln_serving_request_duration_seconds histogram"), metrics);
    }
  }

  @Test
  void aFolderWithoutVersionsIsNotReadyAndSaysSo() throws Exception {
    try (ServedModels models = ServedModels.of(List.of(ModelSource.folder("taxi", ServingFolder.at(dir.resolve("empty")))));
         ModelServer server = ModelServer.start(models, ServerSettings.defaults().withPort(0))) {
      Http http = new Http(server.uri());
      assertEquals(503, http.get("/v2/health/ready").status());
      Http.Answer a = http.post("/v2/models/taxi/infer", "[]");
      assertEquals(503, a.status());
      assertTrue(a.json().get("error").asText().contains("no version yet"), a.body());
    }
  }

  @Test
  void aTakenPortIsAOneLineError() throws Exception {
    try (ServedModels models = ServedModels.of(List.of(ModelSource.fixed("penguins", "1", Fixtures.multiclass())));
         ModelServer first = ModelServer.start(models, ServerSettings.defaults().withPort(0))) {
      java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> ModelServer.start(models, ServerSettings.defaults().withPort(first.port())));
      assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + first.port()) && e.getMessage().contains("--port"), e.getMessage());
    }
  }

  private static List<String> names(JsonNode tensors) {
    List<String> n = new ArrayList<>();
    tensors.forEach(t -> n.add(t.get("name").asText()));
    return n;
  }

  private static List<String> texts(JsonNode list) {
    List<String> n = new ArrayList<>();
    list.forEach(t -> n.add(t.asText()));
    return n;
  }
}
