package dev.kiln.ml.infer;

import dev.kiln.core.io.RowSchemas;
import dev.kiln.core.transforms.InBlocks;
import dev.kiln.ml.DocumentViews;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.model.Prediction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Batch inference: scores raw rows with a model, through the TransformGraph embedded in it (so rows are
 * preprocessed exactly as in training), and adds two columns:
 * <ul>
 *   <li>{@value #PREDICTION} (DOUBLE): the positive class's probability (binary), the predicted class's
 *       probability (multiclass) or the value (regression);
 *   <li>{@value #PREDICTED_CLASS} (STRING, null for regression): the class with the highest probability.
 * </ul>
 * This is what the {@code infer} step applies to every split.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PCollectionView<ModelDocument> model = ...;   // e.g. TrainModel's output as View.asSingleton()
 * PCollection<Row> predictions = newRows.apply(ScoreRows.of(model).withKeptColumns("trip_id", "fare"));
 * }</pre>
 *
 * <p>The output schema (the kept columns, then the two added) does not depend on the model, so it is
 * known when the pipeline is built. The model is parsed once per DoFn instance.
 */
public final class ScoreRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  public static final String PREDICTION = "prediction";
  public static final String PREDICTED_CLASS = "predicted_class";

  private final PCollectionView<ModelDocument> model;
  private final PCollectionView<String> modelJson;
  private final List<String> keep;

  private ScoreRows(PCollectionView<ModelDocument> model, PCollectionView<String> modelJson, List<String> keep) {
    this.model = model;
    this.modelJson = modelJson;
    this.keep = keep == null ? null : List.copyOf(keep);
  }

  /** Scores with the model of a singleton view; every input column is kept. */
  public static ScoreRows of(PCollectionView<ModelDocument> model) {
    return new ScoreRows(Objects.requireNonNull(model, "model"), null, null);
  }

  /** Scores with the Model document of a singleton JSON view (the {@code infer} step). */
  static ScoreRows ofJson(PCollectionView<String> modelJson) {
    return new ScoreRows(null, Objects.requireNonNull(modelJson, "modelJson"), null);
  }

  /** A copy that carries only these input columns into the output, in this order (default: all). */
  public ScoreRows withKeptColumns(String... columns) {
    return withKeptColumns(Arrays.asList(columns));
  }

  /** As {@link #withKeptColumns(String...)}; null keeps every column. */
  public ScoreRows withKeptColumns(List<String> columns) {
    return new ScoreRows(model, modelJson, columns);
  }

  /** The schema of the scored rows for input rows of {@code in}; a one-line error names a wrong kept column. */
  public Schema outputSchema(Schema in) {
    List<String> kept = keep == null ? in.getFieldNames() : keep;
    Schema.Builder b = Schema.builder();
    for (String c : kept) {
      if (!in.hasField(c)) {
        throw new IllegalArgumentException("'" + c + "' is not a column of the rows to score; columns are " + in.getFieldNames());
      }
      if (c.equals(PREDICTION) || c.equals(PREDICTED_CLASS)) {
        throw new IllegalArgumentException("the rows already have a column '" + c + "', which scoring adds; leave it out of the kept columns");
      }
      b.addField(in.getField(c));
    }
    return b.addNullableField(PREDICTION, Schema.FieldType.DOUBLE)
        .addNullableField(PREDICTED_CLASS, Schema.FieldType.STRING).build();
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema out = outputSchema(rows.getSchema());
    List<String> kept = keep == null ? rows.getSchema().getFieldNames() : keep;
    PCollectionView<String> json = modelJson != null ? modelJson
        : DocumentViews.json(rows.getPipeline(), "model", model, ModelDocument::toJson);
    // rows arrive long before the model when it is trained in the same job: InBlocks says why lists
    return RowSchemas.setOn(rows.apply("blocks", InBlocks.of(InBlocks.DEFAULT_SIZE))
        .apply("score", ParDo.of(new ScoreFn(json, kept, out)).withSideInputs(json)), out);
  }

  /** Scores lists of rows with the model from the side input, parsed once per instance. */
  static final class ScoreFn extends DoFn<List<Row>, Row> {
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
      for (Row raw : c.element()) {
        Prediction p = model.predict(raw);
        Row.Builder row = Row.withSchema(out);
        for (String k : keep) {
          row.addValue(raw.getValue(k));
        }
        String predictedClass = p.task() == ModelTask.REGRESSION ? null : p.predictedClass();
        c.output(row.addValue(p.value()).addValue(predictedClass).build());
      }
    }
  }
}
