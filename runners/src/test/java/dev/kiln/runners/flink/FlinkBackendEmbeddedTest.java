package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded backend runs real Beam jobs on Flink's mini cluster inside the test JVM. */
class FlinkBackendEmbeddedTest {
  @TempDir Path dir;

  @Test
  void runsAJobWithoutBlockingAndReportsItsFlinkJobId() throws Exception {
    FlinkBackend backend = FlinkBackend.embedded(2);
    Pipeline p = backend.newPipeline("Kiln Test/square");
    p.apply(Create.of(1, 2, 3, 4, 5))
        .apply(MapElements.into(TypeDescriptors.strings()).via((Integer i) -> Integer.toString(i * i)))
        .apply(TextIO.write().to(dir.resolve("out").toString()).withSuffix(".txt"));

    PipelineResult result = backend.start(p);

    String jobId = backend.jobId(result);
    assertNotNull(jobId, "the job id is known once Flink accepted the job");
    assertTrue(jobId.matches("[0-9a-f]{32}"), jobId);
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(PipelineResult.State.DONE, result.getState());
    assertEquals(List.of("1", "16", "25", "4", "9"), lines(dir));
  }

  @Test
  void aFailingStepFailsTheJobWithTheStepsErrorAsSummary() {
    FlinkBackend backend = FlinkBackend.embedded(2);
    Pipeline p = backend.newPipeline("failing");
    p.apply(Create.of(1, 2, 3))
        .apply(MapElements.into(TypeDescriptors.integers()).via((Integer i) -> {
          if (i == 2) {
            throw new IllegalArgumentException("value 2 is not allowed here");
          }
          return i;
        }));

    PipelineResult result = backend.start(p);
    String jobId = backend.jobId(result);

    FlinkJobException e = assertThrows(FlinkJobException.class, result::waitUntilFinish);
    assertEquals(PipelineResult.State.FAILED, result.getState());
    assertEquals(jobId, e.jobId());
    assertTrue(e.getMessage().contains(jobId), e.getMessage());
    assertTrue(e.getMessage().endsWith("IllegalArgumentException: value 2 is not allowed here"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  private static List<String> lines(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".txt"))
          .flatMap(f -> {
            try {
              return Files.readAllLines(f).stream();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .sorted().toList();
    }
  }
}
