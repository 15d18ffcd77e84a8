package dev.kiln.core.testing;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user transform for tests that throws on the row with id 3. */
public class FailOn extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("fail", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      if (r.getInt64("id") == 3) {
        throw new IllegalArgumentException("row 3 cannot be processed");
      }
      return r;
    })).setRowSchema(rows.getSchema());
  }
}
