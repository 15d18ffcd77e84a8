package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleBenchmarkTest {
  @TempDir Path dir;

  @Test
  void pointsTheRepositorysFlightsPipelineAtAnotherFile() throws Exception {
    Path repoPipeline = Path.of("../pipelines/flights.yaml"); // the bench module's folder when Maven runs the tests
    String yaml = Files.readString(Files.isRegularFile(repoPipeline) ? repoPipeline : Path.of("pipelines/flights.yaml"));
    Path big = dir.resolve("flights-30m.csv");
    String changed = ScaleBenchmark.withCsvPath(yaml, big);
    assertTrue(changed.contains("path: " + big.toAbsolutePath()), changed);
    assertEquals(yaml.lines().count(), changed.lines().count());
    assertEquals(yaml.replace("path: bench-data/flights/flights-3m.csv", "path: " + big.toAbsolutePath()), changed,
        "only the path differs");
  }

  @Test
  void aPipelineWithoutOrWithTwoCsvPathsIsAnError() {
    assertThrows(BenchException.class, () -> ScaleBenchmark.withCsvPath("kiln: 1\nsteps: {}\n", dir));
    String two = "steps:\n  a:\n    with:\n      path: a.csv\n  b:\n    with:\n      path: \"b.csv\"\n";
    BenchException e = assertThrows(BenchException.class, () -> ScaleBenchmark.withCsvPath(two, dir));
    assertTrue(e.getMessage().contains("more than one"), e.getMessage());
  }

  @Test
  void theReportHasEachStepOfBothSizesTheirRatioAndWhetherTheTargetIsMet() {
    ScaleBenchmark.Settings s = new ScaleBenchmark.Settings(dir.resolve("flights.yaml"),
        ScaleBenchmark.flightsSizes(dir, 10), Duration.ofMinutes(1), false);
    assertEquals(30_000_000L, s.sizes().get(1).rows());
    assertEquals(dir.resolve("flights/flights-30m.csv"), s.sizes().get(1).csv());
    BenchContext ctx = new BenchContext(dir, dir, new Jvm("cp", List.of("-Xmx2g")), 1, 10, 1, null);
    ScaleBenchmark.Outcome small = new ScaleBenchmark.Outcome(s.sizes().get(0),
        new TimedCommand.Result(80_000, 150_000, 1_600_000, dir, 0),
        Map.of("kiln: data done at ms", 20_000.0, "kiln: train done at ms", 30_000.0, "kiln run ms", 78_000.0),
        new GcLog.Summary(100, 2_000, 1, 900, 2048), 0.6382, null, new LoadAverage(1, 1, 1));
    ScaleBenchmark.Outcome big = new ScaleBenchmark.Outcome(s.sizes().get(1),
        new TimedCommand.Result(960_000, 1_700_000, 2_000_000, dir, 0),
        Map.of("kiln: data done at ms", 200_000.0, "kiln: train done at ms", 450_000.0, "kiln run ms", 950_000.0),
        new GcLog.Summary(900, 30_000, 1, 1500, 2048), 0.6383, null, new LoadAverage(2, 2, 2));
    small = small.withCpuSamples(Map.of("data", 100L, "client", 50L));
    big = big.withCpuSamples(Map.of("data", 1_000L, "train", 10L, "client", 55L));
    String md = ScaleBenchmark.report(ctx, s, List.of(small, big), new LoadAverage(1, 2, 3), null).markdown();
    assertTrue(md.contains("| CPU samples: data | 100 | 1000 | 10.00 |"), md);
    assertTrue(md.contains("| CPU samples: train | 0 | 10 | – |"), md);
    assertTrue(md.contains("| CPU samples: all | 150 | 1065 | 7.10 |"), md);
    assertTrue(md.contains("| wall | 80.0 s | 960.0 s | 12.00 |"), md);
    assertTrue(md.contains("| step train | 30.0 s | 450.0 s | 15.00 |"), md);
    assertTrue(md.contains("| largest heap in use after a GC | 900 MiB | 1500 MiB | 1.67 |"), md);
    assertTrue(md.contains("Wall 30M / 3M: 12.00 for 10× the rows (target ≤ 11: NOT met)"), md);
  }

  @Test
  void aFailedRunIsReportedWithItsReasonAndNoRatio() {
    ScaleBenchmark.Settings s = new ScaleBenchmark.Settings(dir.resolve("flights.yaml"),
        ScaleBenchmark.flightsSizes(dir, 10), Duration.ofMinutes(1), false);
    BenchContext ctx = new BenchContext(dir, dir, new Jvm("cp", List.of("-Xmx2g")), 1, 10, 1, null);
    ScaleBenchmark.Outcome small = new ScaleBenchmark.Outcome(s.sizes().get(0),
        new TimedCommand.Result(80_000, 150_000, 1_600_000, dir, 0), Map.of("kiln run ms", 78_000.0),
        new GcLog.Summary(100, 2_000, 0, 900, 2048), 0.6382, null, null);
    ScaleBenchmark.Outcome big = new ScaleBenchmark.Outcome(s.sizes().get(1), null, Map.of(),
        new GcLog.Summary(50, 60_000, 40, 2040, 2048), null, "OutOfMemoryError: kiln run 30M exited with code 1", null);
    String md = ScaleBenchmark.report(ctx, s, List.of(small, big), null, null).markdown();
    assertTrue(md.contains("| wall | 80.0 s | – | – |"), md);
    assertTrue(md.contains("| full collections | 0 | 40 | – |"), md);
    assertTrue(md.contains("- 30M: OutOfMemoryError: kiln run 30M exited with code 1"), md);
    assertTrue(!md.contains("target ≤"), md);
  }
}
