package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class StatisticsStepTest {
  private static final Schema FLIGHTS = Schema.builder()
      .addNullableField("delay", Schema.FieldType.INT64)
      .addNullableField("origin", Schema.FieldType.STRING)
      .build();
  /** Output rows of the pipeline under test (the DirectRunner runs in this JVM). */
  private static final Queue<Row> OUT = new ConcurrentLinkedQueue<>();

  @Test
  void theStepTypeIsFoundOnTheClassPathUnderItsName() {
    StepRegistry registry = StepRegistry.standard();
    assertTrue(registry.names().contains("bench-statistics"), registry.names().toString());
    assertInstanceOf(StatisticsStep.class, registry.find("bench-statistics").create(null, null));
  }

  @Test
  void oneRowOfStatisticsPerSplitWithItsRowCountAndJson() {
    OUT.clear();
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class); // enforcement on: the DirectRunner's default
    Pipeline p = Pipeline.create(options);
    PCollection<Row> train = p.apply("train", Create.of(row(10L, "LAS"), row(null, "ATL"), row(-3L, "LAS")).withRowSchema(FLIGHTS));
    PCollection<Row> eval = p.apply("eval", Create.of(row(7L, "SFO")).withRowSchema(FLIGHTS));
    Map<String, PCollection<Row>> splits = new TreeMap<>(Map.of("train", train, "eval", eval));
    StatisticsStep step = new StatisticsStep();
    Map<String, DatasetRows> out = step.expand(new StepContext(p, "stats", Path.of("."), "test.yaml"),
        Map.of("examples", DatasetRows.ofSplits(FLIGHTS, splits)));

    assertEquals(Map.of("statistics", List.of(DatasetRows.UNSPLIT)), step.outputSplits(Map.of("examples", List.of("eval", "train"))));
    DatasetRows stats = out.get("statistics");
    assertEquals(StatisticsStep.SCHEMA, stats.schema());
    stats.rows().apply(ParDo.of(new Collect()));
    p.run().waitUntilFinish();

    Map<String, Row> bySplit = new TreeMap<>();
    OUT.forEach(r -> bySplit.put(r.getString("split"), r));
    assertEquals(List.of("eval", "train"), List.copyOf(bySplit.keySet()));
    Row t = bySplit.get("train");
    assertEquals(3L, t.getInt64("rows"));
    Statistics s = StatisticsJson.fromJson(t.getString("statistics"));
    assertEquals(3, s.rows());
    assertEquals(1, s.feature("delay").orElseThrow().missing());
    assertEquals(1L, StatisticsJson.fromJson(bySplit.get("eval").getString("statistics")).rows());
  }

  @Test
  void itsCodeIsIdentifiedByItsClassBytesNotAsABuiltIn() {
    assertTrue(new StatisticsStep().implementationFingerprint().matches("bench:bench-statistics:[0-9a-f]{64}"));
  }

  private static Row row(Long delay, String origin) {
    return Row.withSchema(FLIGHTS).addValues(delay, origin).build();
  }

  private static final class Collect extends DoFn<Row, Void> {
    @ProcessElement
    public void process(@Element Row r) {
      OUT.add(r);
    }
  }
}
