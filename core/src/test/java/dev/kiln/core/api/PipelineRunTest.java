package dev.kiln.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.AddN;
import dev.kiln.core.testing.TestBackend;
import dev.kiln.core.testing.TestSteps;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KilnPipeline.run runs a Java pipeline in a project and returns what each step did, for code and tests. */
class PipelineRunTest {
  /** The ids of the 10 rows of the test source, summed by the summary step. */
  private static final long ID_SUM = java.util.stream.LongStream.range(0, 10).sum();

  @TempDir Path dir;

  private static KilnPipeline pipeline(long n) {
    KilnPipeline p = KilnPipeline.named("outcome");
    StepHandle data = p.add("data", Steps.uses("rows", Map.of("count", 10)));
    DatasetOutputs added = p.add("add", Transform.of(Port.of(data.name(), "examples"), new AddN(new AddN.Settings(n, null))));
    p.add("sum", Steps.uses("summary", null), Map.of("examples", added.examples()));
    return p;
  }

  @Test
  void aRunReturnsEveryStepsStateOutputsAndDocuments() {
    RunOptions options = RunOptions.inProject(dir).withBackend(new TestBackend()).withRegistry(TestSteps.registry());
    PipelineRun first = pipeline(3).run(options);
    assertTrue(first.succeeded(), first.error());
    assertEquals("COMPLETE", first.state());
    assertEquals("COMPLETE", first.stepState("add"));
    assertEquals(10, first.output("add", "examples").records());
    assertEquals("Dataset", first.output("add", "examples").kind());
    assertEquals(ID_SUM, first.document("sum", "summary").get("idSum").asLong()); // the document's JSON

    PipelineRun again = pipeline(3).run(options);
    assertEquals("CACHED", again.stepState("add"));
    assertEquals(first.output("add", "examples").fingerprint(), again.output("add", "examples").fingerprint());
  }

  @Test
  void withoutABackendTheRunSaysHowToNameOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pipeline(1).run(RunOptions.inProject(dir).withRegistry(TestSteps.registry())));
    assertTrue(e.getMessage().startsWith("name a backend: RunOptions.inProject(dir).withBackend(Backends.named(\"direct\"))"), e.getMessage());
  }
}
