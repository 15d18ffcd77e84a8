package dev.kiln.ml.infer;

import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelScorer;
import dev.kiln.ml.model.Prediction;
import dev.kiln.ml.train.LabelSummary;
import dev.kiln.ml.transform.TransformGraph;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * A Model document made ready to score RAW rows: the TransformGraph embedded in the model is applied
 * first (its feature columns only, so rows without the label can be scored), then the model. Batch
 * inference, evaluation and serving all score through this class, so they apply exactly the
 * preprocessing training saw. Build it once per worker ({@link #fromJson} parses and checks the model).
 */
public final class ServingModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelDocument model;
  private final TransformGraph graph;
  private final ModelScorer scorer;

  private ServingModel(ModelDocument model) {
    this.model = model;
    this.graph = model.transformGraph() == null ? null : TransformGraph.fromJson(model.transformGraph().toString());
    this.scorer = ModelScorer.of(model);
  }

  /** @throws IllegalArgumentException when the JSON is not a Model document this Kiln reads */
  public static ServingModel fromJson(String json) {
    return new ServingModel(ModelDocument.fromJson(json));
  }

  public ModelDocument model() {
    return model;
  }

  /** The graph the model applies to raw rows; null when it was trained on rows as they are. */
  public TransformGraph graph() {
    return graph;
  }

  /** The prediction for one raw row. */
  public Prediction predict(Row raw) {
    return scorer.predict(graph == null ? raw : graph.applyFeatures(raw));
  }

  /** The class names of a classifier, in the order of {@link Prediction#probabilities()}; empty for regression. */
  public List<String> classes() {
    return model.classes();
  }

  /**
   * The index in {@link #classes()} of a raw label value, as training encoded it (booleans and
   * integral numbers by their text), or -1 when the model does not know the value.
   */
  public int classIndex(Object label) {
    return model.classes().indexOf(LabelSummary.key(label));
  }
}
