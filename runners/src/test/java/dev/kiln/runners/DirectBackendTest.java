package dev.kiln.runners;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.DatasetWriteOptions;
import dev.kiln.core.artifact.FileSystemSetup;
import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.Test;

class DirectBackendTest {
  @Test
  void usersRunsWriteAFilePerBundleWithoutTheWritesGroupByKey() {
    Pipeline p = DirectBackend.forRuns().newPipeline("taxi-20261207");
    assertTrue(p.getOptions().as(DatasetWriteOptions.class).getFilePerBundle());
  }

  @Test
  void otherRunnersKeepFileIoSharding() {
    assertFalse(FileSystemSetup.newOptions().as(DatasetWriteOptions.class).getFilePerBundle());
  }
}
