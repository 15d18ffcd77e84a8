package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.core.step.DatasetRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing TFRecord counts, per column, the doubles that float32 cannot hold. */
class Float32LossCountTest {
  @TempDir Path tmp;

  @Test
  void countsLossyDoublesPerColumnOfATfRecordDataset() {
    Schema schema = Schema.builder().addInt64Field("id").addDoubleField("small").addDoubleField("huge").build();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 40; i++) {
      rows.add(Row.withSchema(schema).addValues(i, i * 0.1, i % 10 == 0 ? 1e39 : 2.5).build());
    }
    Pipeline p = TestRows.pipeline();
    ArtifactStore store = ArtifactStore.at(tmp.toString());
    OutputTarget target = store.datasetTarget("p", "data", "examples", 1, DatasetFormat.TFRECORD);
    DatasetWriter.write(DatasetRows.of(p.apply(Create.of(rows).withCoder(RowCoder.of(schema))).setRowSchema(schema)), target);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(List.of(new DatasetWriter.Float32Loss("data", "examples", "huge", 4)), DatasetWriter.float32Losses(result));
  }
}
