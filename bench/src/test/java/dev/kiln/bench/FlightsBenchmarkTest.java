package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.core.steps.SplitStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightsBenchmarkTest {
  @TempDir Path dir;

  @Test
  void thePipelineIsIngestStatisticsAndAWholeRowSplit() {
    Path csv = dir.resolve("flights.csv");
    PipelineSpec spec = YamlSpecLoader.parse(FlightsBenchmark.pipeline(csv), "pipeline.yaml");
    ResolvedPipeline p = new PipelineResolver(StepRegistry.standard()).resolve(spec, "pipeline.yaml");
    assertEquals("csv", p.step("data").type());
    assertEquals("bench-statistics", p.step("stats").type());
    assertEquals("split", p.step("split").type());
    assertEquals(List.of("eval", "train"), p.step("split").outputSplits(Map.of("examples", List.of(""))).get("examples"));
    assertTrue(p.stepSpec("split").config().path("key").isMissingNode() || p.stepSpec("split").config().path("key").isNull(),
        "no key: the whole row is hashed");
    assertEquals(List.of(csv.toAbsolutePath().toString()), p.step("data").externalInputs());
  }

  @Test
  void aRunCountsOnlyIfItSplitAndComputedTheStatistics() throws Exception {
    Path log = dir.resolve("run.log");
    Files.writeString(log, """
          data   COMPLETE  26.5s   examples 3,000,000 rows · rejected 0 rows
          stats  COMPLETE  27.0s   statistics 1 rows
          split  COMPLETE  27.1s   examples 3,000,000 rows (eval 599,945, train 2,400,055)
        Run flights-1 COMPLETE in 30.5s (3 complete)
        """);
    TimedCommand.Result r = new TimedCommand.Result(1, 1, 1, log, 0);
    assertEquals(Map.of("kiln run ms", 30500.0), FlightsBenchmark.observe(r, 3_000_000));
    Files.writeString(log, Files.readString(log).replace("statistics 1 rows", "statistics 0 rows"));
    BenchException e = assertThrows(BenchException.class, () -> FlightsBenchmark.observe(r, 3_000_000));
    assertEquals("expected 'statistics 1 rows' in the output of the run, see " + log, e.getMessage());
  }

  @Test
  void embeddedFlinkIsTimedFromTheSameClientLines() {
    Map<String, Double> m = FlightsBenchmark.embeddedPhases(new ClientLog(ClientLogTest.LOG));
    assertEquals(3253.0, m.get(FlightsBenchmark.EMBEDDED_TRANSLATION));
    assertEquals(22712.0, m.get(FlightsBenchmark.EMBEDDED_JOB));
    assertEquals(Map.of(), FlightsBenchmark.embeddedPhases(new ClientLog("Run x COMPLETE in 1.0s")));
  }
}
