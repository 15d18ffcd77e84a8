package dev.kiln.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.ml.infer.InferStep;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code infer} step's input rows sent to the server give the infer step's predictions to the last
 * bit, as records (one request per row, and all rows in one request) and as a v2 batch of tensors: the
 * server scores through the same ServingModel, and JSON carries every double exactly.
 */
class ParityTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"multiclass", "binary"})
  void servedPredictionsEqualTheInferStepsToTheLastBit(String which) throws Exception {
    Penguins.Trained trained = which.equals("multiclass") ? Penguins.multiclass() : Penguins.binary();
    ServedModel model = ServedModel.of("penguins", "1", trained.modelJson());
    try (ServedModels models = ServedModels.of(List.of(ModelSource.fixed("penguins", "1", trained.modelJson())));
         ModelServer server = ModelServer.start(models, ServerSettings.defaults().withPort(0))) {
      Http http = new Http(server.uri());
      List<GenericRecord> rows = trained.predictions();
      assertTrue(rows.size() > 30, "the eval split has rows: " + rows.size());

      ArrayNode all = Http.JSON.createArrayNode();
      for (GenericRecord r : rows) {
        ObjectNode record = record(r, model);
        all.add(record);
        Http.Answer one = http.post("/v2/models/penguins/infer", Http.JSON.createArrayNode().add(record).toString());
        assertEquals(200, one.status(), one.body());
        assertSame(r, one.json().get(0).get("prediction"), one.json().get(0).get("predicted_class"));
      }

      JsonNode batch = http.post("/v2/models/penguins/infer", all.toString()).json();
      for (int i = 0; i < rows.size(); i++) {
        assertSame(rows.get(i), batch.get(i).get("prediction"), batch.get(i).get("predicted_class"));
      }

      JsonNode v2 = http.post("/v2/models/penguins/versions/1/infer", v2Request(rows, model).toString()).json();
      assertEquals("1", v2.get("model_version").asText());
      JsonNode prediction = output(v2, "prediction");
      JsonNode predictedClass = output(v2, "predicted_class");
      JsonNode probabilities = output(v2, "probabilities");
      int k = model.classes().size();
      assertEquals(rows.size() * k, probabilities.size());
      for (int i = 0; i < rows.size(); i++) {
        assertSame(rows.get(i), prediction.get(i), predictedClass.get(i));
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, probabilities.get(i * k + c).doubleValue());
        }
        if (which.equals("multiclass")) {
          assertEquals(Double.doubleToLongBits(max), Double.doubleToLongBits(prediction.get(i).doubleValue()), "the predicted class's probability");
        }
      }
    }
  }

  /** The prediction of a served row equals the infer step's, bit for bit. */
  private static void assertSame(GenericRecord expected, JsonNode prediction, JsonNode predictedClass) {
    double want = (Double) expected.get(InferStep.PREDICTION);
    assertTrue(prediction.isNumber(), "prediction: " + prediction);
    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(prediction.doubleValue()),
        "prediction of " + expected + ": served " + prediction + ", batch " + want);
    assertEquals(String.valueOf(expected.get(InferStep.PREDICTED_CLASS)), predictedClass.asText(), "predicted class of " + expected);
  }

  /** The model's inputs of one infer row, as a JSON record (Avro's values as JSON's). */
  static ObjectNode record(GenericRecord r, ServedModel model) {
    ObjectNode o = Http.JSON.createObjectNode();
    for (ServedInput in : model.inputs()) {
      o.set(in.name(), json(r.get(in.name())));
    }
    return o;
  }

  static ObjectNode v2Request(List<GenericRecord> rows, ServedModel model) {
    ObjectNode request = Http.JSON.createObjectNode();
    request.put("id", "parity");
    ArrayNode inputs = request.putArray("inputs");
    for (ServedInput in : model.inputs()) {
      ObjectNode t = inputs.addObject();
      t.put("name", in.name());
      t.put("datatype", in.datatype());
      t.putArray("shape").add(rows.size()).add(1);
      ArrayNode data = t.putArray("data");
      rows.forEach(r -> data.add(json(r.get(in.name()))));
    }
    return request;
  }

  private static JsonNode json(Object v) {
    if (v == null) {
      return Http.JSON.nullNode();
    }
    if (v instanceof Double d) {
      return Http.JSON.getNodeFactory().numberNode(d);
    }
    if (v instanceof Long l) {
      return Http.JSON.getNodeFactory().numberNode(l);
    }
    if (v instanceof Boolean b) {
      return Http.JSON.getNodeFactory().booleanNode(b);
    }
    return Http.JSON.getNodeFactory().textNode(v.toString());
  }

  static JsonNode output(JsonNode v2, String name) {
    for (JsonNode o : v2.get("outputs")) {
      if (o.get("name").asText().equals(name)) {
        return o.get("data");
      }
    }
    throw new AssertionError("no output " + name + " in " + v2);
  }
}
