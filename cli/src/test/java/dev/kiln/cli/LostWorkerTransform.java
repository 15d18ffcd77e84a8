package dev.kiln.cli;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.LoggerFactory;

/**
 * A user step that behaves as the DirectRunner does when a source read runs out of heap (a 50 MB CSV
 * field with -Xmx256m): the runner logs the OutOfMemoryError ("Error occurred within ...") and its job
 * never ends. Here the error is logged under the runner's logger and the worker then waits forever.
 */
public class LostWorkerTransform extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("lost", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      LoggerFactory.getLogger("org.apache.beam.runners.direct.DirectTransformExecutor")
          .error("Error occurred within a transform executor", new OutOfMemoryError("Java heap space"));
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // a lost worker does not come back
        }
      }
    })).setRowSchema(rows.getSchema());
  }
}
