package dev.kiln.runners.testing;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A user step that passes rows through unchanged, sleeping {@link #MILLIS_PER_ROW} per row, so a job
 * is still running when a test kills its TaskManager. The pause is fixed in the class (not read from
 * the environment) because the step runs in a TaskManager process the test did not start.
 */
public class SlowRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  public static final long MILLIS_PER_ROW = 4;

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("slow", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      try {
        Thread.sleep(MILLIS_PER_ROW);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return r;
    })).setRowSchema(rows.getSchema());
  }
}
