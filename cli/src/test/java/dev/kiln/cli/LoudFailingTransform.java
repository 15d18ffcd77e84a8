package dev.kiln.cli;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.LoggerFactory;

/**
 * A user step that fails the way a runner reports it: it logs an ERROR with a stack trace under a
 * Flink logger's name (as Flink's BatchTask logs "Error in task code"; not BatchTask's own name, which
 * the runners' test logging config silences), then throws.
 */
public class LoudFailingTransform extends PTransform<PCollection<Row>, PCollection<Row>> {
  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("fail", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      IllegalStateException boom = new IllegalStateException("row " + r.getValue(0) + " is bad (connecting to jdbc:postgresql://kiln:s3cret@db.invalid/kiln)");
      LoggerFactory.getLogger("org.apache.flink.runtime.taskmanager.Task").error("Error in task code: LoudFailingTransform", boom);
      throw boom;
    })).setRowSchema(rows.getSchema());
  }
}
