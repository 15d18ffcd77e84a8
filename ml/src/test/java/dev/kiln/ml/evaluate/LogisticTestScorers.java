package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.spec.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test scorers: p = sigmoid(weight * (x - 0.5)) from a {@link FixedModel} document. */
public final class LogisticTestScorers implements ScorerFactory {
  @Override
  public Scorer create(String modelJson, EvalColumns columns) {
    JsonNode model;
    try {
      model = CanonicalJson.MAPPER.readTree(modelJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double weight = model.get("weight").asDouble();
    String label = model.get("label").asText();
    return raw -> columns.scored(raw, ModelTask.BINARY, label,
        new double[] {probability(weight, raw.getDouble("x"))});
  }

  static double probability(double weight, double x) {
    return 1 / (1 + Math.exp(-weight * (x - 0.5)));
  }
}
