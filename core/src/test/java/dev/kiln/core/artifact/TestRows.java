package dev.kiln.core.artifact;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/** Rows and pipelines for the artifact tests. */
final class TestRows {
  static final Schema SCHEMA = Schema.builder()
      .addInt64Field("id")
      .addInt32Field("hour")
      .addNullableField("company", FieldType.STRING)
      .addDoubleField("fare") // multiples of 0.25: exact in float32, so TFRecord keeps them
      .addBooleanField("cash")
      .addArrayField("tags", FieldType.STRING)
      .build();

  private TestRows() {}

  static Row row(long id) {
    return Row.withSchema(SCHEMA)
        .addValues(id, (int) (id % 24), id % 5 == 0 ? null : "company-" + (id % 7), id * 0.25, id % 2 == 0,
            List.of("t" + id % 3, "u"))
        .build();
  }

  /** Rows with ids from (inclusive) to (exclusive). */
  static List<Row> rows(long from, long to) {
    List<Row> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(row(id));
    }
    return rows;
  }

  static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }
}
