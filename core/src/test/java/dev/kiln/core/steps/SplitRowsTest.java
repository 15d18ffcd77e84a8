package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** SplitRows, the transform the split step applies, used in a plain Beam pipeline. */
class SplitRowsTest {
  private static final Schema SCHEMA = Schema.builder().addInt64Field("id").addStringField("city").build();

  private static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(Row.withSchema(SCHEMA).addValues(i, "c" + (i % 7)).build());
    }
    return rows;
  }

  @Test
  void everyRowLandsInTheSplitItsKeyHashesToWithTheInputsSchema() {
    List<Row> rows = rows(200);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple splits = p.apply(Create.of(rows).withRowSchema(SCHEMA))
        .apply(SplitRows.byKey("city").withRatio("train", 0.75).withRatio("eval", 0.25));
    List<Row> train = new ArrayList<>();
    List<Row> eval = new ArrayList<>();
    for (Row r : rows) {
      (SplitHash.position(r, "city") < 0.25 ? eval : train).add(r); // names sorted: eval takes [0, 0.25)
    }
    assertTrue(!train.isEmpty() && !eval.isEmpty(), "both splits get rows: " + train.size() + " / " + eval.size());
    PCollection<Row> trainRows = splits.get("train");
    assertEquals(SCHEMA, trainRows.getSchema());
    PAssert.that(trainRows).containsInAnyOrder(train);
    PAssert.that(splits.<Row>get("eval")).containsInAnyOrder(eval);
    p.run().waitUntilFinish();
  }

  @Test
  void wrongSplitsAreRefusedWhenGivenOrWhenApplied() {
    assertThrows(IllegalArgumentException.class, () -> SplitRows.byRow().withRatio("no spaces", 0.5));
    IllegalArgumentException ratio = assertThrows(IllegalArgumentException.class, () -> SplitRows.byRow().withRatio("train", 1.5));
    assertEquals("ratio of 'train' must be a number in (0, 1], not 1.5", ratio.getMessage());
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> in = p.apply(Create.of(rows(3)).withRowSchema(SCHEMA));
    IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
        () -> in.apply("a", SplitRows.byRow().withRatio("train", 0.5).withRatio("eval", 0.2)));
    assertEquals("ratios add up to 0.7, not 1", sum.getMessage());
    RuntimeException key = assertThrows(RuntimeException.class,
        () -> in.apply("b", SplitRows.byKey("town").withRatios(Map.of("all", 1.0))));
    assertEquals("split key 'town' is not a column; columns are [id, city]", key.getMessage());
  }
}
