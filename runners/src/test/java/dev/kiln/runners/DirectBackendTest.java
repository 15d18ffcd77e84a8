package dev.kiln.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.DatasetWriteOptions;
import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.io.SourcePartOptions;
import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.Test;

class DirectBackendTest {
  @Test
  void usersRunsWriteAFilePerBundleWithoutTheWritesGroupByKey() {
    Pipeline p = DirectBackend.forRuns().newPipeline("taxi-20261207");
    assertTrue(p.getOptions().as(DatasetWriteOptions.class).getFilePerBundle());
  }

  @Test
  void usersRunsReadSourcesInWavesOfSmallParts() {
    SourcePartOptions options = DirectBackend.forRuns().newPipeline("taxi-20261207").getOptions().as(SourcePartOptions.class);
    assertTrue(options.getPartsInWaves());
    assertEquals(4L << 20, options.getMaxPartBytes());
  }

  @Test
  void otherRunnersKeepFileIoShardingAndSpreadAllPartsAtOnce() {
    assertFalse(FileSystemSetup.newOptions().as(DatasetWriteOptions.class).getFilePerBundle());
    assertFalse(FileSystemSetup.newOptions().as(SourcePartOptions.class).getPartsInWaves());
    assertEquals(0, FileSystemSetup.newOptions().as(SourcePartOptions.class).getMaxPartBytes());
  }
}
