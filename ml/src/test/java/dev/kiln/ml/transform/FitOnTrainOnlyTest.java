package dev.kiln.ml.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The step in Beam: fitted on the train split only, applied to every split with that one graph. */
class FitOnTrainOnlyTest {
  @Test
  void evalRowsWithExtremeValuesDoNotChangeTheGraphAndAreTransformedByIt() throws Exception {
    Schema schema = TaxiRows.schema();
    List<Row> train = TaxiRows.train().subList(0, 1000);
    List<Row> eval = new ArrayList<>();
    for (Row r : TaxiRows.eval().subList(0, 100)) {
      eval.add(Row.fromRow(r).withFieldValue("fare", 1e6).withFieldValue("payment_type", "Bitcoin")
          .withFieldValue("pickup_latitude", 1000.0).withFieldValue("trip_seconds", null).build());
    }
    PreprocessConfig config = Configs.yaml(TaxiFitTest.CONFIG);
    TransformGraph trainOnly = TaxiFitTest.fitInParts(PreprocessPlan.of(config, schema), train, 1, new Random(1));
    List<Row> both = new ArrayList<>(train);
    both.addAll(eval);
    assertNotEquals(trainOnly, TaxiFitTest.fitInParts(PreprocessPlan.of(config, schema), both, 1, new Random(1)),
        "the eval rows would change the graph if they were fitted on");

    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline p = Pipeline.create(options);
    DatasetRows in = DatasetRows.ofSplits(schema, Map.of(
        "train", p.apply("train", Create.of(train).withRowSchema(schema)),
        "eval", p.apply("eval", Create.of(eval).withRowSchema(schema))));
    Map<String, PortValue> out = new PreprocessStep(config)
        .expand(new StepContext(p, "preprocess", Path.of("."), "test.yaml"), Map.of("examples", in));

    PAssert.that(((Document) out.get("graph")).json()).containsInAnyOrder(trainOnly.toJson());
    DatasetRows rows = (DatasetRows) out.get("examples");
    assertEquals(trainOnly.outputSchema(), rows.schema());
    assertEquals(List.of("eval", "train"), List.copyOf(rows.splits().keySet()));
    PAssert.that(rows.split("eval")).satisfies(sameRows(eval.stream().map(trainOnly::apply).toList()));
    PAssert.that(rows.split("train")).satisfies(sameRows(train.stream().map(trainOnly::apply).toList()));
    p.run().waitUntilFinish();
  }

  /** Equal as multisets, in linear time (PAssert's containsInAnyOrder is quadratic in the rows). */
  private static SerializableFunction<Iterable<Row>, Void> sameRows(List<Row> expected) {
    Map<Row, Long> want = counts(expected);
    return actual -> {
      assertEquals(want, counts(actual));
      return null;
    };
  }

  private static Map<Row, Long> counts(Iterable<Row> rows) {
    Map<Row, Long> counts = new HashMap<>();
    rows.forEach(r -> counts.merge(r, 1L, Long::sum));
    return counts;
  }
}
