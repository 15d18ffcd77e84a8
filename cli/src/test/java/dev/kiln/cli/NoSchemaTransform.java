package dev.kiln.cli;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user step that forgets {@code setRowSchema}: its rows carry no schema. */
public class NoSchemaTransform extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("same", MapElements.into(TypeDescriptors.rows()).via((Row r) -> r));
  }
}
