package dev.kiln.serving;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes predictions as JSON, in the form the request came in. Doubles are written with Java's
 * {@link Double#toString}, which reads back to the same double: a client gets the batch prediction to
 * the last bit.
 *
 * <ul>
 *   <li>v2: {@code {"model_name", "model_version", "id"?, "outputs": [prediction FP64 [n],
 *       predicted_class BYTES [n], probabilities FP64 [n, classes]]}} (regression: prediction only);
 *   <li>records: {@code [{"prediction": 0.83, "predicted_class": "true", "probabilities": {"false": 0.17, "true": 0.83}}, ...]}.
 * </ul>
 */
final class InferenceResponse {
  private static final JsonFactory JSON = new JsonFactory();

  private InferenceResponse() {}

  static byte[] write(ServedModel model, InferenceRequest request, List<Prediction> predictions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + predictions.size() * 48);
    try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      if (request.v2()) {
        v2(g, model, request, predictions);
      } else {
        records(g, model, predictions);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    return bytes.toByteArray();
  }

  private static void v2(JsonGenerator g, ServedModel model, InferenceRequest request, List<Prediction> predictions) throws IOException {
    int n = predictions.size();
    boolean classifier = model.task() != ModelTask.REGRESSION;
    g.writeStartObject();
    g.writeStringField("model_name", model.name());
    g.writeStringField("model_version", model.version());
    if (request.id() != null) {
      g.writeStringField("id", request.id());
    }
    g.writeArrayFieldStart("outputs");
    if (wanted(request, ServedModel.Outputs.PREDICTION)) {
      tensorStart(g, ServedModel.Outputs.PREDICTION, "FP64", n);
      for (Prediction p : predictions) {
        g.writeNumber(p.value());
      }
      tensorEnd(g);
    }
    if (classifier && wanted(request, ServedModel.Outputs.PREDICTED_CLASS)) {
      tensorStart(g, ServedModel.Outputs.PREDICTED_CLASS, "BYTES", n);
      for (Prediction p : predictions) {
        g.writeString(p.predictedClass());
      }
      tensorEnd(g);
    }
    if (classifier && wanted(request, ServedModel.Outputs.PROBABILITIES)) {
      int k = model.classes().size();
      g.writeStartObject();
      g.writeStringField("name", ServedModel.Outputs.PROBABILITIES);
      g.writeStringField("datatype", "FP64");
      g.writeArrayFieldStart("shape");
      g.writeNumber(n);
      g.writeNumber(k);
      g.writeEndArray();
      g.writeObjectFieldStart("parameters");
      g.writeArrayFieldStart("classes");
      for (String c : model.classes()) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("data");
      for (Prediction p : predictions) {
        for (double d : p.probabilities()) {
          g.writeNumber(d);
        }
      }
      tensorEnd(g);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static boolean wanted(InferenceRequest request, String output) {
    return request.outputs() == null || request.outputs().contains(output);
  }

  private static void tensorStart(JsonGenerator g, String name, String datatype, int n) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("datatype", datatype);
    g.writeArrayFieldStart("shape");
    g.writeNumber(n);
    g.writeEndArray();
    g.writeArrayFieldStart("data");
  }

  private static void tensorEnd(JsonGenerator g) throws IOException {
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void records(JsonGenerator g, ServedModel model, List<Prediction> predictions) throws IOException {
    boolean classifier = model.task() != ModelTask.REGRESSION;
    List<String> classes = model.classes();
    g.writeStartArray();
    for (Prediction p : predictions) {
      g.writeStartObject();
      g.writeNumberField(ServedModel.Outputs.PREDICTION, p.value());
      if (classifier) {
        g.writeStringField(ServedModel.Outputs.PREDICTED_CLASS, p.predictedClass());
        g.writeObjectFieldStart(ServedModel.Outputs.PROBABILITIES);
        double[] probabilities = p.probabilities();
        for (int i = 0; i < probabilities.length; i++) {
          g.writeNumberField(classes.get(i), probabilities[i]);
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
