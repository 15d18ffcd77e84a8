package dev.kiln.cli;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;

/** A user step that outputs a DATETIME column {@code at}, which a tf.train.Example cannot hold. */
public class TimestampColumn extends PTransform<PCollection<Row>, PCollection<Row>> {
  private static final Schema OUT = Schema.builder().addInt64Field("id").addDateTimeField("at").build();

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("at", MapElements.into(TypeDescriptors.rows())
        .via((Row r) -> Row.withSchema(OUT).addValues(r.getInt64("id"), new Instant(0)).build())).setRowSchema(OUT);
  }
}
