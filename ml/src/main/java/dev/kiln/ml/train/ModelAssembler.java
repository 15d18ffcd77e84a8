package dev.kiln.ml.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.ml.model.FeatureLayout;
import dev.kiln.ml.model.LibraryInfo;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelParameters;
import dev.kiln.ml.model.TrainingMetrics;

/** Puts a trained model's parts together into the canonical JSON of its {@link ModelDocument}. */
final class ModelAssembler {
  private ModelAssembler() {}

  /**
   * The model document's JSON.
   *
   * @param layout the features' layout: which are one-hot, over how many terms
   * @param graphJson the TransformGraph document the model expects, embedded verbatim; null without one
   */
  static String json(TrainingSetup setup, FeatureLayout layout, LabelEncoding encoding, ModelParameters parameters,
      TrainingMetrics metrics, LibraryInfo library, String graphJson) {
    if (metrics.loss() != null && !Double.isFinite(metrics.loss())) {
      throw new IllegalStateException("training produced a non-finite loss (" + metrics.loss()
          + "); standardize the features in preprocess");
    }
    return new ModelDocument(encoding.task(), setup.algorithm(), setup.backend(), setup.label(), setup.features(),
        layout.oneHot(), encoding.classes(), setup.hyperparameters().toJson(), metrics, library, graph(graphJson), parameters).toJson();
  }

  private static JsonNode graph(String json) {
    if (json == null) {
      return null;
    }
    try {
      return CanonicalJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TrainingInputException("input 'graph' is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
