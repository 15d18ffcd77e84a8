package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class RowFingerprintTest {
  private final RowFingerprint fp = RowFingerprint.forSchema(TestRows.SCHEMA);

  @Test
  void sameRowsInAnyOrderGiveTheSameFingerprint() {
    List<Row> rows = TestRows.rows(0, 200);
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(7));
    assertEquals(fp.of(rows), fp.of(shuffled));
    assertEquals(200, fp.of(rows).records());
  }

  @Test
  void mergingPartialSumsInAnyGroupingGivesTheSameFingerprint() {
    List<Row> rows = TestRows.rows(0, 100);
    RowFingerprint.Accumulator a = fp.createAccumulator();
    RowFingerprint.Accumulator b = fp.createAccumulator();
    RowFingerprint.Accumulator c = fp.createAccumulator();
    for (int i = 0; i < rows.size(); i++) {
      fp.addInput(i < 10 ? a : i < 60 ? b : c, rows.get(i));
    }
    RowFingerprint.Accumulator ab = fp.mergeAccumulators(List.of(a, b));
    assertEquals(fp.of(rows), fp.extractOutput(fp.mergeAccumulators(List.of(c, ab))));
  }

  @Test
  void anyChangedValueChangesTheFingerprint() {
    List<Row> rows = TestRows.rows(0, 50);
    String base = fp.of(rows).fingerprint();
    Set<String> seen = new HashSet<>(Set.of(base));
    Row r = rows.get(3);
    List<Row> variants = List.of(
        Row.fromRow(r).withFieldValue("id", 1000L).build(),
        Row.fromRow(r).withFieldValue("hour", r.getInt32("hour") + 1).build(),
        Row.fromRow(r).withFieldValue("company", null).build(),
        Row.fromRow(r).withFieldValue("company", "").build(),
        Row.fromRow(r).withFieldValue("fare", -0.0).build(),
        Row.fromRow(r).withFieldValue("cash", !r.getBoolean("cash")).build(),
        Row.fromRow(r).withFieldValue("tags", List.of("u", "t0")).build(), // order inside a list matters
        Row.fromRow(r).withFieldValue("tags", List.of()).build());
    for (Row variant : variants) {
      List<Row> changed = new ArrayList<>(rows);
      changed.set(3, variant);
      assertEquals(true, seen.add(fp.of(changed).fingerprint()), "collision for " + variant);
    }
    List<Row> duplicated = new ArrayList<>(rows);
    duplicated.add(rows.get(0));
    assertNotEquals(base, fp.of(duplicated).fingerprint(), "a duplicate row counts");
  }

  @Test
  void stringsAreHashedByContentNotBySplitPoints() {
    Schema s = Schema.builder().addStringField("a").addStringField("b").build();
    RowFingerprint f = RowFingerprint.forSchema(s);
    Row one = Row.withSchema(s).addValues("ab", "c").build();
    Row two = Row.withSchema(s).addValues("a", "bc").build();
    assertNotEquals(f.of(List.of(one)), f.of(List.of(two)));
  }

  @Test
  void theSchemaIsPartOfTheFingerprint() {
    Schema asLong = Schema.builder().addInt64Field("x").build();
    Schema renamed = Schema.builder().addInt64Field("y").build();
    Schema asInt = Schema.builder().addInt32Field("x").build();
    assertNotEquals(
        RowFingerprint.forSchema(asLong).of(List.of(Row.withSchema(asLong).addValue(1L).build())),
        RowFingerprint.forSchema(renamed).of(List.of(Row.withSchema(renamed).addValue(1L).build())));
    assertNotEquals(
        RowFingerprint.forSchema(asLong).of(List.of(Row.withSchema(asLong).addValue(1L).build())),
        RowFingerprint.forSchema(asInt).of(List.of(Row.withSchema(asInt).addValue(1).build())));
  }

  @Test
  void mapsHashTheSameInAnyIterationOrder() {
    Schema s = Schema.builder().addMapField("m", FieldType.STRING, FieldType.INT64).build();
    Map<String, Long> sorted = new TreeMap<>(Map.of("a", 1L, "b", 2L, "c", 3L));
    Map<String, Long> reversed = new LinkedHashMap<>();
    reversed.put("c", 3L);
    reversed.put("b", 2L);
    reversed.put("a", 1L);
    RowFingerprint f = RowFingerprint.forSchema(s);
    assertEquals(f.of(List.of(Row.withSchema(s).addValue(sorted).build())),
        f.of(List.of(Row.withSchema(s).addValue(reversed).build())));
  }

  @Test
  void anEmptySetHasAStableFingerprint() {
    assertEquals(0, fp.of(List.of()).records());
    assertEquals(fp.of(List.of()), RowFingerprint.forSchema(TestRows.SCHEMA).of(List.of()));
  }
}
