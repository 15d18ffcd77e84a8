package dev.kiln.ml.infer;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.spec.SpecException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollection;
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
 * It applies {@link ScoreRows} to every split. The output schema does not depend on the model, so it is
 * known when the pipeline is built, before the model (a side input) is.
 */
public final class InferStep extends Step {
  public static final String PREDICTION = ScoreRows.PREDICTION;
  public static final String PREDICTED_CLASS = ScoreRows.PREDICTED_CLASS;

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

  /** True: its rows wait for the model. */
  @Override
  public boolean rowsWaitForWholeInput() {
    return true;
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
    ScoreRows score = ScoreRows.ofJson(document(inputs, "model").asView(context.name("model"))).withKeptColumns(config.keep());
    Schema out;
    try {
      out = score.outputSchema(examples.schema());
    } catch (IllegalArgumentException e) {
      throw SpecException.at(context.source(), context.stepName(), "with.keep", e.getMessage());
    }
    Map<String, PCollection<Row>> splits = new TreeMap<>();
    examples.splits().forEach((split, rows) ->
        splits.put(split, rows.apply(context.name("score" + (split.isEmpty() ? "" : "-" + split)), score)));
    DatasetRows predictions = examples.isSplit() ? DatasetRows.ofSplits(out, splits) : DatasetRows.of(splits.get(DatasetRows.UNSPLIT));
    return Map.of("predictions", predictions);
  }
}
