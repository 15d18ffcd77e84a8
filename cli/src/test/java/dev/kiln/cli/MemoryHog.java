package dev.kiln.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** A user step that keeps allocating 8 MB blocks until the heap runs out: an OutOfMemoryError in a worker. */
public class MemoryHog extends PTransform<PCollection<Row>, PCollection<Row>> {
  private static final List<byte[]> HELD = new ArrayList<>();

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("hog", MapElements.into(TypeDescriptors.rows()).via((Row r) -> {
      while (true) {
        synchronized (HELD) {
          HELD.add(new byte[8 << 20]);
        }
      }
    })).setRowSchema(rows.getSchema());
  }
}
