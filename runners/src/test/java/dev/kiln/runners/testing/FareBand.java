package dev.kiln.runners.testing;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user step for the taxi data: {@code fare_band} = the fare rounded down to 10 dollars (null without fare). */
public class FareBand extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema out = Schema.builder().addFields(rows.getSchema().getFields())
        .addNullableField("fare_band", Schema.FieldType.INT64).build();
    return rows.apply("band", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      Object fare = r.getValue("fare");
      Long band = fare == null ? null : (long) Math.floor(((Number) fare).doubleValue() / 10) * 10;
      return Row.withSchema(out).addValues(r.getValues()).addValue(band).build();
    })).setRowSchema(out);
  }
}
