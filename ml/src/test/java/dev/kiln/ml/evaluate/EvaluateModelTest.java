package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.ml.infer.ScoreRows;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.ModelDocumentCoder;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** EvaluateModel and ScoreRows check their columns while the pipeline is built, before anything runs. */
class EvaluateModelTest {
  private static final Schema SCHEMA = Schema.builder().addDoubleField("x").addBooleanField("y").build();

  private final Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
  private final PCollection<Row> rows = pipeline.apply(Create.of(Row.withSchema(SCHEMA).addValues(1.0, true).build())
      .withRowSchema(SCHEMA));
  private final PCollectionView<ModelDocument> model = pipeline
      .apply("model", Create.empty(ModelDocumentCoder.of()))
      .apply(View.asSingleton());

  @Test
  void aSliceOrLabelThatIsNotAColumnIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rows.apply(EvaluateModel.of(model).withSlices("hour")));
    assertEquals("'hour' is not a column of the rows to evaluate; columns are [x, y]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rows.apply("label", EvaluateModel.of(model).withLabel("z")));
    assertThrows(IllegalArgumentException.class, () -> EvaluateModel.of(model).withSlices("x", "x"));
    assertThrows(IllegalArgumentException.class, () -> EvaluateModel.of(model).withThreshold(1.5));
  }

  @Test
  void scoredRowsKeepTheChosenColumnsAndAddThePrediction() {
    Schema out = rows.apply(ScoreRows.of(model).withKeptColumns("y")).getSchema();
    assertEquals(List.of("y", ScoreRows.PREDICTION, ScoreRows.PREDICTED_CLASS), out.getFieldNames());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rows.apply("missing", ScoreRows.of(model).withKeptColumns("id")));
    assertEquals("'id' is not a column of the rows to score; columns are [x, y]", e.getMessage());
  }
}
