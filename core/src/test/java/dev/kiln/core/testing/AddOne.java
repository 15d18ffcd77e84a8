package dev.kiln.core.testing;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user transform for tests: adds {@code plus_one = id + 1}. */
public class AddOne extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema out = Schema.builder().addFields(rows.getSchema().getFields()).addInt64Field("plus_one").build();
    return rows.apply("add", MapElements.into(TypeDescriptors.rows())
        .via((Row r) -> Row.withSchema(out).addValues(r.getValues()).addValue(r.getInt64("id") + 1).build()))
        .setRowSchema(out);
  }
}
