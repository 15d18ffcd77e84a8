package dev.kiln.runners.flink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.run.Backend;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkJobGraphs;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job graphs of the flights pipeline's data steps (csv, derive, split, statistics,
 * preprocess) on a small sample: every dataset is written in the pass that makes its rows, with no
 * separate fingerprint combine and no FileIO shuffle. Prints each stage's tasks and network edges
 * (docs/benchmarks.md counts the edges a row crosses from them).
 */
@org.junit.jupiter.api.Tag("e2e")
class FlinkStagePlanTest {
  static final String FLIGHTS = """
      kiln: 1
      pipeline: flights
      steps:
        data:     { uses: csv, with: { path: flights.csv, schema: { date: timestamp } } }
        features: { uses: derive, in: { examples: data.examples }, with: { columns: { delayed: "delay > 15", hour: "hour(date)", weekday: "weekday(date)" }, drop: [date] } }
        split:    { uses: split, in: { examples: features.examples }, with: { ratios: { train: 0.8, eval: 0.2 } } }
        stats:    { uses: statistics, in: { examples: split.examples } }
        preprocess:
          uses: preprocess
          in: { examples: split.examples }
          with:
            fitOn: train
            passthrough: [delayed]
            features:
              distance:    { standardize: true }
              origin:      { vocabulary: { topK: 10, oovBuckets: 1 }, oneHot: true }
      """;

  @TempDir Path dir;

  /** Embedded Flink that keeps each stage's job graph before running it. */
  static final class Recording implements Backend {
    final FlinkBackend flink = FlinkBackend.embedded(2);
    final List<List<FlinkJobGraphs.Task>> graphs = new ArrayList<>();

    @Override
    public String name() {
      return flink.name();
    }

    @Override
    public Pipeline newPipeline(String jobName) {
      return flink.newPipeline(jobName);
    }

    @Override
    public PipelineResult start(Pipeline pipeline) {
      graphs.add(FlinkJobGraphs.tasks(pipeline));
      return flink.start(pipeline);
    }

    @Override
    public String jobId(PipelineResult result) {
      return flink.jobId(result);
    }
  }

  @Test
  void everyDatasetIsWrittenInThePassThatMakesItsRows() throws IOException {
    StringBuilder csv = new StringBuilder("date,delay,distance,origin,destination\n");
    String[] airports = {"ATL", "LAS", "PHL", "SAV", "ORD", "DEN"};
    for (int i = 0; i < 3_000; i++) {
      csv.append(String.format("2001-01-%02d %02d:%02d:00,%d,%d,%s,%s%n", 1 + i % 28, i % 24, i % 60,
          i % 41 - 5, 100 + i % 2000, airports[i % 6], airports[(i / 6) % 6]));
    }
    Files.writeString(dir.resolve("flights.csv"), csv);
    var pipeline = new PipelineResolver(StepRegistry.standard())
        .resolve(YamlSpecLoader.parse(FLIGHTS, "flights.yaml"), "flights.yaml");
    Recording backend = new Recording();
    RunOutcome outcome;
    try (MetadataStore store = MetadataStore.open("jdbc:sqlite:" + dir.resolve("metadata.db"))) {
      outcome = new Orchestrator(store, ArtifactStore.at(dir.resolve("artifacts").toString()), backend, dir,
          RunListener.NONE).run(pipeline);
    }
    assertTrue(outcome.succeeded(), outcome.error());

    assertFalse(backend.graphs.isEmpty());
    for (List<FlinkJobGraphs.Task> graph : backend.graphs) {
      int edges = graph.stream().mapToInt(t -> t.inputsFrom().size()).sum();
      System.out.println("stage: " + graph.size() + " tasks, " + edges + " network edges");
      graph.forEach(t -> System.out.println("  task: " + t.name() + "\n    <- " + t.inputsFrom()));
      assertTrue(graph.stream().noneMatch(t -> t.runs("/Fingerprint")), "no separate fingerprint combine");
      assertTrue(graph.stream().noneMatch(t -> t.runs("WriteUnshardedBundles")), "no FileIO");
    }
    assertTrue(backend.graphs.stream().flatMap(List::stream).anyMatch(t -> t.runs("WriteBundles")));
  }
}
