package dev.kiln.ml.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Runs test pipelines on the DirectRunner (enforcement on) and brings statistics back: each
 * captured {@code PCollection<Statistics>} is written as canonical JSON to a file and read back,
 * so the JSON round trip is part of every test.
 */
final class StatisticsRun {
  private final Pipeline pipeline;
  private final Path dir;
  private final Map<String, Path> captured = new LinkedHashMap<>();

  StatisticsRun(Path dir) {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    this.pipeline = Pipeline.create(options);
    this.dir = dir;
  }

  Pipeline pipeline() {
    return pipeline;
  }

  void capture(String name, PCollection<Statistics> statistics) {
    Path file = dir.resolve(name + ".json");
    captured.put(name, file);
    statistics.apply("Capture" + name, ParDo.of(new WriteFn(file.toString())));
  }

  /** Runs the pipeline; the captured statistics by name. */
  Map<String, Statistics> run() {
    pipeline.run().waitUntilFinish();
    Map<String, Statistics> out = new LinkedHashMap<>();
    captured.forEach((name, file) -> {
      try {
        out.put(name, StatisticsJson.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("no statistics captured as " + name, e);
      }
    });
    return out;
  }

  private static final class WriteFn extends DoFn<Statistics, Void> {
    private final String file;

    WriteFn(String file) {
      this.file = file;
    }

    @ProcessElement
    public void process(@Element Statistics statistics) throws IOException {
      // createFile fails when a second element arrives: the transform must produce exactly one.
      Files.writeString(Files.createFile(Path.of(file)), StatisticsJson.toJson(statistics), StandardCharsets.UTF_8);
    }
  }
}
