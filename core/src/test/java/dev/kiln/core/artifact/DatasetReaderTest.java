package dev.kiln.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SourcePartOptions;
import dev.kiln.core.step.DatasetRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A committed dataset read back: where it is stored, and its rows read into the pipeline only on demand. */
class DatasetReaderTest {
  @TempDir Path tmp;

  @Test
  void describesTheStoredFilesAndReadsTheRowsOnlyWhenAsked() {
    Manifest m = writeSplits(DatasetFormat.AVRO);
    Pipeline p = TestRows.pipeline();

    DatasetRows rows = DatasetReader.read(p, "examples", m, Set.of());

    assertFalse(rows.isRead());
    assertEquals(List.of(), readTransforms(p), "no read is in the pipeline before a step asks for rows");
    assertEquals(List.of("eval", "train"), rows.splitNames());
    assertTrue(rows.isSplit());
    DatasetRows.StoredFiles stored = rows.storedFiles().orElseThrow();
    assertEquals("avro", stored.format());
    assertEquals(2, stored.files().get("train").size());
    for (String file : stored.files().get("train")) {
      assertTrue(file.endsWith(".avro") && Files.exists(Path.of(file)), file);
    }

    PCollection<Row> train = rows.split("train");
    assertTrue(rows.isRead());
    assertEquals(List.of("Read examples[eval]", "Read examples[train]"), readTransforms(p));
    rows.splits(); // a second request reads nothing more
    assertEquals(2, readTransforms(p).size());
    PAssert.that(train).containsInAnyOrder(TestRows.rows(0, 6));
    PAssert.that(rows.split("eval")).containsInAnyOrder(TestRows.rows(6, 8));
    p.run().waitUntilFinish();
  }

  @Test
  void readsEveryFileWholeInWavesOnTheDirectRunnerWithTheSameRows() {
    for (DatasetFormat format : List.of(DatasetFormat.AVRO, DatasetFormat.TFRECORD)) {
      tmp.resolve("store").toFile().renameTo(tmp.resolve("store-before-" + format.id()).toFile());
      Manifest m = writeSplits(format);
      Pipeline p = TestRows.pipeline();
      p.getOptions().as(SourcePartOptions.class).setPartsInWaves(true);

      DatasetRows rows = DatasetReader.read(p, "examples", m, Set.of());

      PAssert.that(rows.split("train")).containsInAnyOrder(TestRows.rows(0, 6));
      PAssert.that(rows.split("eval")).containsInAnyOrder(TestRows.rows(6, 8));
      p.run().waitUntilFinish();
    }
  }

  @Test
  void rowsMadeInThePipelineHaveNoStoredFiles() {
    Pipeline p = TestRows.pipeline();
    PCollection<Row> rows = p.apply(Create.of(TestRows.rows(0, 2)).withCoder(RowCoder.of(TestRows.SCHEMA)))
        .setRowSchema(TestRows.SCHEMA);
    DatasetRows dataset = DatasetRows.of(rows);
    assertTrue(dataset.isRead());
    assertTrue(dataset.storedFiles().isEmpty());
    p.run().waitUntilFinish();
  }

  private Manifest writeSplits(DatasetFormat format) {
    ArtifactStore store = ArtifactStore.at(tmp.resolve("store").toString());
    Pipeline p = TestRows.pipeline();
    DatasetRows rows = DatasetRows.ofSplits(TestRows.SCHEMA, Map.of(
        "train", p.apply("Train", Create.of(TestRows.rows(0, 6)).withCoder(RowCoder.of(TestRows.SCHEMA))).setRowSchema(TestRows.SCHEMA),
        "eval", p.apply("Eval", Create.of(TestRows.rows(6, 8)).withCoder(RowCoder.of(TestRows.SCHEMA))).setRowSchema(TestRows.SCHEMA)));
    OutputTarget target = store.datasetTarget("taxi", "split", "examples", 1, format).withNumShards(2);
    DatasetWriter.write(rows, target);
    p.run().waitUntilFinish();
    return store.readManifest(target.uri()).orElseThrow();
  }

  /** The names of the top-level read transforms DatasetReader added to {@code p}. */
  private static List<String> readTransforms(Pipeline p) {
    List<String> names = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (!node.isRootNode() && node.getFullName().startsWith("Read examples")) {
          names.add(node.getFullName());
          return CompositeBehavior.DO_NOT_ENTER_TRANSFORM;
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }
    });
    return names;
  }
}
