package dev.kiln.ml.infer;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.spec.SpecException;
import dev.kiln.ml.model.Prediction;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * {@code infer}: batch inference of a Model over a dataset. Every row of every split gets the model's
 * prediction — through the TransformGraph embedded in the model, so it scores raw rows exactly as
 * training saw them — in two added columns:
 * <ul>
 *   <li>{@code prediction} (DOUBLE): the positive class's probability (binary), the predicted class's
 *       probability (multiclass) or the value (regression);
 *   <li>{@code predicted_class} (STRING, null for regression): the class with the highest probability.
 * </ul>
 * The output schema does not depend on the model, so it is known when the pipeline is built, before the
 * model (a side input) is. The model is parsed once per worker instance of the scoring function.
 */
public final class InferStep extends Step {
  public static final String PREDICTION = "prediction";
  public static final String PREDICTED_CLASS = "predicted_class";

  /**
   * @param keep the input columns to carry into the predictions (all when absent)
   */
  public record Config(@JsonProperty("keep") List<String> keep) {
    public Config {
      keep = keep == null ? null : List.copyOf(keep);
    }
  }

  private final Config config;

  InferStep(Config config) {
    this.config = config;
  }

  @Override
  public String type() {
    return "infer";
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input("examples").input("model", ArtifactKind.MODEL);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("predictions", inputSplits.get("examples"));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows examples = dataset(inputs, "examples");
    Schema in = examples.schema();
    List<String> keep = config.keep() == null ? in.getFieldNames() : config.keep();
    for (String c : keep) {
      if (!in.hasField(c)) {
        throw SpecException.at(context.source(), context.stepName(), "with.keep", "'" + c + "' is not a column of the examples; columns are " + in.getFieldNames());
      }
      if (c.equals(PREDICTION) || c.equals(PREDICTED_CLASS)) {
        throw SpecException.at(context.source(), context.stepName(), "with.keep", "the examples already have a column '" + c
            + "', which infer adds; leave it out with keep: [...]");
      }
    }
    Schema.Builder b = Schema.builder();
    keep.forEach(c -> b.addField(in.getField(c)));
    Schema out = b.addNullableField(PREDICTION, Schema.FieldType.DOUBLE)
        .addNullableField(PREDICTED_CLASS, Schema.FieldType.STRING).build();

    PCollectionView<String> model = document(inputs, "model").asView(context.name("model"));
    Map<String, PCollection<Row>> splits = new TreeMap<>();
    examples.splits().forEach((split, rows) -> splits.put(split, rows
        .apply(context.name("score" + (split.isEmpty() ? "" : "-" + split)), ParDo.of(new ScoreFn(model, keep, out)).withSideInputs(model))
        .setRowSchema(out)));
    DatasetRows predictions = examples.isSplit() ? DatasetRows.ofSplits(out, splits) : DatasetRows.of(splits.get(DatasetRows.UNSPLIT));
    return Map.of("predictions", predictions);
  }

  /** Scores rows with the model from the side input, parsed once per instance. */
  static final class ScoreFn extends DoFn<Row, Row> {
    private final PCollectionView<String> modelView;
    private final List<String> keep;
    private final Schema out;
    private transient String loadedJson;
    private transient ServingModel model;

    ScoreFn(PCollectionView<String> modelView, List<String> keep, Schema out) {
      this.modelView = modelView;
      this.keep = List.copyOf(keep);
      this.out = out;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String json = c.sideInput(modelView);
      if (model == null || !json.equals(loadedJson)) {
        model = ServingModel.fromJson(json);
        loadedJson = json;
      }
      Row raw = c.element();
      Prediction p = model.predict(raw);
      Row.Builder row = Row.withSchema(out);
      for (String k : keep) {
        row.addValue(raw.getValue(k));
      }
      String predictedClass = p.task() == dev.kiln.ml.model.ModelTask.REGRESSION ? null : p.predictedClass();
      c.output(row.addValue(p.value()).addValue(predictedClass).build());
    }
  }
}
