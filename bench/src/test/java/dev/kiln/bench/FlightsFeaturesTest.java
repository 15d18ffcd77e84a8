package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class FlightsFeaturesTest {
  /** The columns the csv step infers from flights-3m.csv. */
  private static final Schema CSV = Schema.builder()
      .addNullableField("date", Schema.FieldType.STRING)
      .addNullableField("delay", Schema.FieldType.INT64)
      .addNullableField("distance", Schema.FieldType.INT64)
      .addNullableField("origin", Schema.FieldType.STRING)
      .addNullableField("destination", Schema.FieldType.STRING)
      .build();
  private static final Queue<Row> OUT = new ConcurrentLinkedQueue<>();

  @Test
  void hourAndIsoWeekdayOfTheDateText() {
    // 2001-01-01 was a Monday, 2001-01-07 a Sunday
    assertArrayEquals(new Long[] {0L, 1L}, FlightsFeatures.hourAndWeekday("2001-01-01 00:01:00"));
    assertArrayEquals(new Long[] {23L, 7L}, FlightsFeatures.hourAndWeekday("2001-01-07 23:59:00"));
    assertArrayEquals(new Long[] {14L, 4L}, FlightsFeatures.hourAndWeekday("2001-03-01 14:05"));
  }

  @Test
  void aDateInAnotherFormIsAnErrorNamingTheValue() {
    for (String bad : List.of("01/01/2001 10:00", "2001-02-30 10:00:00", "2001-01-01 25:00:00", "2001-01-01")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlightsFeatures.hourAndWeekday(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("column 'date'"), e.getMessage());
    }
  }

  @Test
  void derivesTheLabelAndTheDatePartsAndKeepsTheOtherColumns() {
    OUT.clear();
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline p = Pipeline.create(options);
    p.apply(Create.of(
            Row.withSchema(CSV).addValues("2001-01-01 00:01:00", 33L, 2176L, "LAS", "PHL").build(),
            Row.withSchema(CSV).addValues("2001-01-06 18:30:00", 15L, 215L, "ATL", "SAV").build(),
            Row.withSchema(CSV).addValues(null, null, 100L, "ORD", null).build())
        .withRowSchema(CSV))
        .apply(new FlightsFeatures())
        .apply(ParDo.of(new Collect()));
    p.run().waitUntilFinish();

    assertEquals(3, OUT.size());
    Row late = OUT.stream().filter(r -> "LAS".equals(r.getString("origin"))).findFirst().orElseThrow();
    assertEquals(List.of(true, 2176L, 0L, 1L, 33L, "LAS", "PHL"), late.getValues());
    Row onTime = OUT.stream().filter(r -> "ATL".equals(r.getString("origin"))).findFirst().orElseThrow();
    assertEquals(List.of(false, 215L, 18L, 6L, 15L, "ATL", "SAV"), onTime.getValues()); // exactly 15 is not late
    Row unknown = OUT.stream().filter(r -> "ORD".equals(r.getString("origin"))).findFirst().orElseThrow();
    assertEquals(java.util.Arrays.asList(null, 100L, null, null, null, "ORD", null), unknown.getValues());
  }

  /** Keeps the output rows in {@link #OUT} (the DirectRunner runs in this JVM). */
  static final class Collect extends DoFn<Row, Void> {
    @ProcessElement
    public void process(@Element Row r) {
      OUT.add(r);
    }
  }

  @Test
  void anInputWithoutADateColumnIsAnErrorNamingIt() {
    Schema noDate = Schema.builder().addNullableField("delay", Schema.FieldType.INT64).build();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.apply(Create.of(Row.withSchema(noDate).addValue(1L).build()).withRowSchema(noDate)).apply(new FlightsFeatures()));
    assertTrue(e.getMessage().contains("no column 'date'"), e.getMessage());
  }
}
