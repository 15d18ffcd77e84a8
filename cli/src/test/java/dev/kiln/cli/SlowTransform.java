package dev.kiln.cli;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user step that sleeps KILN_TEST_SLOW_MS per row (0 when unset), so a test can kill a run mid-stage. */
public class SlowTransform extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("slow", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      String ms = System.getenv("KILN_TEST_SLOW_MS");
      if (ms != null) {
        try {
          Thread.sleep(Long.parseLong(ms));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return r;
    })).setRowSchema(rows.getSchema());
  }
}
