package dev.kiln.ml.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform's contract: one element per input, also for no rows; clear errors at expansion. */
class DatasetStatisticsTest {
  private static final Schema SCHEMA = Schema.builder().addNullableField("x", Schema.FieldType.INT64).build();

  @TempDir Path dir;

  @Test
  void anEmptyInputGivesOneStatisticsWithZeroRowsAndTwoSplitsTwoResults() {
    StatisticsRun run = new StatisticsRun(dir);
    run.capture("empty", run.pipeline().apply("Empty", Create.empty(SCHEMA)).apply("EmptyStatistics", DatasetStatistics.of()));
    run.capture("train", run.pipeline().apply("Train", Create.of(row(1L), row(2L), row(null)).withRowSchema(SCHEMA))
        .apply("TrainStatistics", DatasetStatistics.of()));
    run.capture("eval", run.pipeline().apply("Eval", Create.of(row(10L)).withRowSchema(SCHEMA))
        .apply("EvalStatistics", DatasetStatistics.of()));
    Map<String, Statistics> out = run.run();
    assertEquals(0, out.get("empty").rows());
    assertEquals(0, out.get("empty").feature("x").orElseThrow().count());
    assertEquals(3, out.get("train").rows());
    assertEquals(1, out.get("train").feature("x").orElseThrow().missing());
    assertEquals(1.5, out.get("train").feature("x").orElseThrow().numbers().mean());
    assertEquals(10.0, out.get("eval").feature("x").orElseThrow().numbers().max());
  }

  @Test
  void rowsWithoutASchemaAreRefusedAtExpansion() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    @SuppressWarnings("unchecked")
    PCollection<Row> noSchema = (PCollection<Row>) (PCollection<?>) p.apply(Create.of("a"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> noSchema.apply(DatasetStatistics.of()));
    assertTrue(e.getMessage().startsWith("statistics need rows with a schema"), e.getMessage());
  }

  @Test
  void windowedInputIsRefusedAtExpansion() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> windowed = p.apply(Create.of(row(1L)).withRowSchema(SCHEMA))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> windowed.apply(DatasetStatistics.of()));
    assertTrue(e.getMessage().contains("apply them before windowing"), e.getMessage());
  }

  private static Row row(Long x) {
    return Row.withSchema(SCHEMA).addValue(x).build();
  }
}
