package dev.kiln.bench;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The user transform of the interim flights pipeline ({@code bench/pipelines/flights.yaml}), until
 * Kiln can say it in YAML: from the flights rows ({@code date} as text {@code yyyy-MM-dd HH:mm:ss},
 * {@code delay}, {@code distance}, {@code origin}, {@code destination}) it keeps {@code delay},
 * {@code distance}, {@code origin}, {@code destination} and adds
 *
 * <ul>
 *   <li>{@code delayed}: {@code delay > 15} (the label; null when the delay is missing),
 *   <li>{@code hour}: the hour of {@code date}, 0–23,
 *   <li>{@code weekday}: the ISO day of the week of {@code date}, Monday 1 … Sunday 7.
 * </ul>
 *
 * The Spark peer (bench-spark, {@code FlightsJob}) derives the same three columns. A missing date gives
 * a missing hour and weekday; a date that is not in that form fails the step naming the value.
 *
 * <p>Example of use, as a step in YAML:
 *
 * <pre>
 * features: { uses: transform, class: dev.kiln.bench.FlightsFeatures, in: { examples: data.examples } }
 * </pre>
 */
public class FlightsFeatures extends PTransform<PCollection<Row>, PCollection<Row>> {
  /** A flight is late when it arrived more than this many minutes after its schedule. */
  public static final int DELAY_MINUTES = 15;

  static final Schema OUTPUT = Schema.builder()
      .addNullableField("delayed", Schema.FieldType.BOOLEAN)
      .addNullableField("distance", Schema.FieldType.INT64)
      .addNullableField("hour", Schema.FieldType.INT64)
      .addNullableField("weekday", Schema.FieldType.INT64)
      .addNullableField("delay", Schema.FieldType.INT64)
      .addNullableField("origin", Schema.FieldType.STRING)
      .addNullableField("destination", Schema.FieldType.STRING)
      .build();

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema in = rows.getSchema();
    for (String column : new String[] {"date", "delay", "distance", "origin", "destination"}) {
      if (!in.hasField(column)) {
        throw new IllegalArgumentException("FlightsFeatures: the input has no column '" + column + "' (it has " + in.getFieldNames() + ")");
      }
    }
    return rows.apply("flight features", ParDo.of(new Derive(in))).setRowSchema(OUTPUT);
  }

  private static final class Derive extends DoFn<Row, Row> {
    private final int date;
    private final int delay;
    private final int distance;
    private final int origin;
    private final int destination;

    Derive(Schema in) {
      date = in.indexOf("date");
      delay = in.indexOf("delay");
      distance = in.indexOf("distance");
      origin = in.indexOf("origin");
      destination = in.indexOf("destination");
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      Long late = whole(row.getValue(delay));
      Object when = row.getValue(date);
      Long[] parts = when == null ? new Long[2] : hourAndWeekday(when.toString());
      out.output(Row.withSchema(OUTPUT).addValues(
          late == null ? null : late > DELAY_MINUTES,
          whole(row.getValue(distance)), parts[0], parts[1], late,
          row.getValue(origin), row.getValue(destination)).build());
    }
  }

  /** {hour, ISO weekday} of a {@code yyyy-MM-dd HH:mm[:ss]} text. */
  static Long[] hourAndWeekday(String text) {
    try {
      if (text.length() < 16 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':') {
        throw new NumberFormatException();
      }
      LocalDate day = LocalDate.of(Integer.parseInt(text.substring(0, 4)), Integer.parseInt(text.substring(5, 7)),
          Integer.parseInt(text.substring(8, 10)));
      long hour = Integer.parseInt(text.substring(11, 13));
      if (hour > 23) {
        throw new NumberFormatException();
      }
      return new Long[] {hour, (long) day.getDayOfWeek().getValue()};
    } catch (NumberFormatException | DateTimeException e) {
      throw new IllegalArgumentException("FlightsFeatures: column 'date' has '" + text + "', expected yyyy-MM-dd HH:mm:ss");
    }
  }

  private static Long whole(Object v) {
    return v == null ? null : ((Number) v).longValue();
  }
}
