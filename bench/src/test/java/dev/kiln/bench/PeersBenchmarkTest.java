package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersBenchmarkTest {
  @TempDir Path dir;

  /** bench/pipelines/flights.yaml, the interim pipeline peers.sh runs until pipelines/flights.yaml exists. */
  static Path interimPipeline() {
    Path here = Path.of("pipelines/flights.yaml"); // the bench module's folder when Maven runs the tests
    return Files.isRegularFile(here) ? here : Path.of("bench/pipelines/flights.yaml");
  }

  @Test
  void theInterimPipelineIsTheIssuesFlightsPipeline() throws Exception {
    PipelineSpec spec = YamlSpecLoader.parse(Files.readString(interimPipeline()), "flights.yaml");
    ResolvedPipeline p = new PipelineResolver(StepRegistry.standard()).resolve(spec, "flights.yaml");
    assertEquals(List.of("csv", "transform", "split", "statistics", "preprocess", "train", "evaluate"),
        List.of("data", "features", "split", "stats", "preprocess", "train", "evaluate").stream().map(s -> p.step(s).type()).toList());
    assertEquals(FlightsFeatures.class.getName(), p.stepSpec("features").className());
    assertEquals("distributed", p.stepSpec("train").config().path("backend").asText());
    assertEquals(20, p.stepSpec("train").config().path("iterations").asInt());
  }

  @Test
  void aFreshProjectSeesTheDataFolderAsBenchData() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data/flights"));
    Files.writeString(data.resolve("flights-3m.csv"), "date,delay\n");
    Path project = dir.resolve("project");
    PeersBenchmark.freshProject(project, "kiln: 1\n", dir.resolve("data"));
    Files.writeString(project.resolve(".kiln/leftover"), "from the last round");
    PeersBenchmark.freshProject(project, "kiln: 1\npipeline: p\n", dir.resolve("data"));
    assertTrue(Files.isRegularFile(project.resolve("bench-data/flights/flights-3m.csv")));
    assertEquals("kiln: 1\npipeline: p\n", Files.readString(project.resolve("pipeline.yaml")));
    assertTrue(Files.notExists(project.resolve(".kiln/leftover")), "a fresh project each round");
    assertTrue(Files.isRegularFile(dir.resolve("data/flights/flights-3m.csv")), "the data itself is kept");
  }

  @Test
  void anUnknownRunnerIsAnErrorNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PeersBenchmark.Settings(
        dir, new PeersBenchmark.SparkPeer("cp", dir, dir), List.of("flink", "spark"), Duration.ofMinutes(1), 3));
    assertEquals("unknown runner 'spark': expected flink or direct", e.getMessage());
  }

  @Test
  void theReportSaysWhichRunsDidNotFinishAndWhatTheyUsed() throws Exception {
    Comparison c = new Comparison("t", dir).withLimit(Duration.ofSeconds(1));
    c.add(new TimedCommand(PeersBenchmark.SPARK, List.of("sh", "-c", "echo 'spark-flights: rows 3 train 2 eval 1 features 5 iterations 20 auc 0.7'"), dir),
        round -> {}, null, (round, r) -> PeerOutputs.spark(Logs.read(r.log()), 3));
    c.add(new TimedCommand("Kiln, DirectRunner", List.of("sh", "-c", "echo '  data  COMPLETE  1.0s'; sleep 30"), dir), null);
    c.run(1);
    BenchContext ctx = new BenchContext(dir, dir, Jvm.current(List.of()), 1, 1, 1, null);
    PeersBenchmark.Settings s = new PeersBenchmark.Settings(dir.resolve("flights.yaml"),
        new PeersBenchmark.SparkPeer("cp", dir.resolve("jvm.options"), dir.resolve("flights-3m.parquet")), List.of("direct"),
        Duration.ofSeconds(1), 3);
    String md = PeersBenchmark.report(ctx, s, c, List.of(7.5, 9.0)).markdown();
    assertTrue(md.contains("| Kiln, DirectRunner | 0 of 1 | did not finish in 1 s |"), md);
    assertTrue(md.contains("| Spark MLlib local[2] | 1 of 1 |"), md);
    assertTrue(md.contains("| 0.7000 |"), md);
    assertTrue(md.contains("`data  COMPLETE  1.0s`"), md);
    assertTrue(md.contains("1-minute load when each run started: 7.5–9.0"), md);
  }
}
