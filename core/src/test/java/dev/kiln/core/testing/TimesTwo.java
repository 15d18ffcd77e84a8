package dev.kiln.core.testing;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user transform for tests: adds {@code twice = id * 2}. */
public class TimesTwo extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema out = Schema.builder().addFields(rows.getSchema().getFields()).addInt64Field("twice").build();
    return rows.apply("twice", MapElements.into(TypeDescriptors.rows())
        .via((Row r) -> Row.withSchema(out).addValues(r.getValues()).addValue(r.getInt64("id") * 2).build()))
        .setRowSchema(out);
  }
}
