package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
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
  private static final Queue<String> OUT = new ConcurrentLinkedQueue<>();

  @Test
  void theStepTypeIsFoundOnTheClassPathUnderItsName() {
    StepRegistry registry = StepRegistry.standard();
    assertTrue(registry.names().contains("bench-statistics"), registry.names().toString());
    assertInstanceOf(StatisticsStep.class, registry.find("bench-statistics").create(null, null));
  }

  @Test
  void theStatisticsOfTheRowsAsOneCanonicalJsonDocument() {
    OUT.clear();
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class); // enforcement on: the DirectRunner's default
    Pipeline p = Pipeline.create(options);
    PCollection<Row> rows = p.apply("rows", Create.of(row(10L, "LAS"), row(null, "ATL"), row(-3L, "LAS")).withRowSchema(FLIGHTS));
    StatisticsStep step = new StatisticsStep();
    Map<String, PortValue> out = step.expand(new StepContext(p, "stats", Path.of("."), "test.yaml"),
        Map.of("examples", DatasetRows.of(rows)));

    Document doc = assertInstanceOf(Document.class, out.get("statistics"));
    assertEquals(ArtifactKind.STATISTICS, doc.kind());
    assertEquals(ArtifactKind.STATISTICS, step.outputKind("statistics"));
    doc.json().apply(ParDo.of(new Collect()));
    p.run().waitUntilFinish();

    assertEquals(1, OUT.size());
    String json = OUT.peek();
    Statistics s = StatisticsJson.fromJson(json);
    assertEquals(3, s.rows());
    assertEquals(1, s.feature("delay").orElseThrow().missing());
    assertEquals(json, StatisticsJson.toJson(s), "canonical JSON");
  }

  @Test
  void splitInputIsRefusedWithAHint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StatisticsStep().outputSplits(Map.of("examples", List.of("eval", "train"))));
    assertEquals("input 'examples' is split [eval, train]; bench-statistics reads unsplit data or one split, e.g. step.train", e.getMessage());
    assertEquals(Map.of("statistics", List.of("")), new StatisticsStep().outputSplits(Map.of("examples", List.of(""))));
  }

  @Test
  void itsCodeIsIdentifiedByItsClassBytesNotAsABuiltIn() {
    assertTrue(new StatisticsStep().implementationFingerprint().matches("bench:bench-statistics:[0-9a-f]{64}"));
  }

  private static Row row(Long delay, String origin) {
    return Row.withSchema(FLIGHTS).addValues(delay, origin).build();
  }

  private static final class Collect extends DoFn<String, Void> {
    @ProcessElement
    public void process(@Element String r) {
      OUT.add(r);
    }
  }
}
