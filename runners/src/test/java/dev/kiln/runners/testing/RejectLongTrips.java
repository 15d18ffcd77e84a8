package dev.kiln.runners.testing;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user step that throws on some taxi rows (trips over 100 miles), to fail a job mid-way. */
public class RejectLongTrips extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("check", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      Object miles = r.getValue("trip_miles");
      if (miles != null && ((Number) miles).doubleValue() > 100) {
        throw new IllegalArgumentException("trip of " + miles + " miles is too long");
      }
      return r;
    })).setRowSchema(rows.getSchema());
  }
}
