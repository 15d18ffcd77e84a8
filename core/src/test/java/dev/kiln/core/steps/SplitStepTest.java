package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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

class SplitStepTest {
  private static final Map<String, Set<Long>> COLLECTED = new ConcurrentHashMap<>();
  private static final Map<String, Double> RATIOS = Map.of("train", 0.8, "eval", 0.2);

  @Test
  void aKeyReadAsLongOrAsDoubleSplitsTheSameRows() {
    Schema longs = Schema.builder().addInt64Field("id").addInt64Field("key").build();
    Schema doubles = Schema.builder().addInt64Field("id").addDoubleField("key").build();
    List<Row> a = new ArrayList<>();
    List<Row> b = new ArrayList<>();
    for (long i = 0; i < 400; i++) {
      a.add(Row.withSchema(longs).addValues(i, i * 1000).build());
      b.add(Row.withSchema(doubles).addValues(i, i * 1000.0).build());
    }
    Map<String, Set<Long>> asLong = split("long", longs, a, "key");
    Map<String, Set<Long>> asDouble = split("double", doubles, b, "key");
    assertEquals(asLong, asDouble);
    int train = asLong.get("train").size();
    assertTrue(train > 280 && train < 360, "about 80% in train: " + train);
    assertEquals(400, train + asLong.get("eval").size());
  }

  @Test
  void aBytesKeySplitsByContentSoEveryRunAgrees() {
    Schema schema = Schema.builder().addInt64Field("id").addByteArrayField("key").build();
    Map<String, Set<Long>> first = split("bytes-1", schema, bytesRows(schema), "key");
    Map<String, Set<Long>> second = split("bytes-2", schema, bytesRows(schema), "key"); // new arrays, same bytes
    assertEquals(first, second);
    // rows with equal keys stay together: ids 2k and 2k+1 share a key
    for (Set<Long> ids : first.values()) {
      for (long id : ids) {
        assertTrue(ids.contains(id ^ 1), "id " + id + " and its twin " + (id ^ 1) + " share a key and a split");
      }
    }
  }

  @Test
  void withoutAKeyTheWholeRowDecides() {
    Schema schema = Schema.builder().addInt64Field("id").addStringField("text").build();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 200; i++) {
      rows.add(Row.withSchema(schema).addValues(i, "t" + i).build());
    }
    Map<String, Set<Long>> out = split("row", schema, rows, null);
    for (long i = 0; i < 200; i++) {
      double p = SplitHash.position(rows.get((int) i), null);
      // ratios are ordered by name: eval [0, 0.2), train [0.2, 1)
      assertTrue(out.get(p < 0.2 ? "eval" : "train").contains(i), "row " + i + " at " + p);
    }
  }

  @Test
  void theNewPlacementHasANewStepVersionSoCachedSplitsAreRecomputed() {
    SplitStep step = new SplitStep(new SplitStep.Config("key", RATIOS));
    assertEquals(2, step.version());
    assertTrue(step.implementationFingerprint().endsWith("/split@2"), step.implementationFingerprint());
  }

  @Test
  void badSettingsAndInputsAreOneLineErrors() {
    assertEquals("ratios add up to 0.9, not 1",
        assertThrows(IllegalArgumentException.class, () -> new SplitStep.Config(null, Map.of("a", 0.5, "b", 0.4))).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SplitStep.Config(null, Map.of("a b", 1.0)))
        .getMessage().contains("'a b'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SplitStep.Config(null, Map.of()))
        .getMessage().startsWith("ratios are missing"));
    SplitStep step = new SplitStep(new SplitStep.Config("key", RATIOS));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> step.outputSplits(Map.of("examples", List.of("train", "eval")))).getMessage().contains("already split"));
    assertEquals(Map.of("examples", List.of("eval", "train")), step.outputSplits(Map.of("examples", List.of(DatasetRows.UNSPLIT))));

    Pipeline p = Pipeline.create(options());
    Schema schema = Schema.builder().addInt64Field("id").build();
    PCollection<Row> rows = p.apply(Create.of(List.of(Row.withSchema(schema).addValues(1L).build())).withRowSchema(schema));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> step.expand(new StepContext(p, "split", Path.of("."), "t.yaml"), Map.of("examples", DatasetRows.of(rows))));
    assertEquals("split key 'key' is not a column; columns are [id]", e.getMessage());
  }

  private static List<Row> bytesRows(Schema schema) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 200; i++) {
      rows.add(Row.withSchema(schema).addValues(i, new byte[] {(byte) (i / 2), (byte) (i / 512), 42}).build());
    }
    return rows;
  }

  /** The ids of each split when {@code rows} go through the split step on the DirectRunner. */
  private static Map<String, Set<Long>> split(String label, Schema schema, List<Row> rows, String key) {
    Pipeline p = Pipeline.create(options());
    PCollection<Row> in = p.apply(Create.of(rows).withRowSchema(schema));
    SplitStep step = new SplitStep(new SplitStep.Config(key, RATIOS));
    Map<String, PortValue> out = step.expand(new StepContext(p, "split", Path.of("."), "t.yaml"), Map.of("examples", DatasetRows.of(in)));
    DatasetRows splits = (DatasetRows) out.get("examples");
    for (String name : splits.splitNames()) {
      COLLECTED.put(label + "/" + name, ConcurrentHashMap.newKeySet());
      splits.split(name).apply("collect-" + name, ParDo.of(new Collect(label + "/" + name)));
    }
    p.run().waitUntilFinish();
    Map<String, Set<Long>> result = new java.util.TreeMap<>();
    for (String name : splits.splitNames()) {
      result.put(name, new TreeSet<>(COLLECTED.remove(label + "/" + name)));
    }
    return result;
  }

  private static PipelineOptions options() {
    PipelineOptions o = PipelineOptionsFactory.create();
    o.setRunner(DirectRunner.class);
    return o;
  }

  private static final class Collect extends DoFn<Row, Void> {
    private final String label;

    Collect(String label) {
      this.label = label;
    }

    @ProcessElement
    public void process(@Element Row row) {
      COLLECTED.get(label).add(row.getInt64("id"));
    }
  }
}
