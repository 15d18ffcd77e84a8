package dev.kiln.bench;

import dev.kiln.core.project.KilnProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Kiln project folder made for a benchmark: {@code .kiln/} (config, SQLite store, artifact root)
 * and one pipeline file, {@code pipeline.yaml}, whose csv step reads an absolute path (the data
 * lives under bench-data/, outside the project).
 */
public record BenchProject(Path dir, Path pipelineFile) {

  /** Creates the folder (deleting an earlier one at that path first when {@code fresh}) with the pipeline file. */
  public static BenchProject create(Path dir, String pipelineYaml, boolean fresh) {
    try {
      if (fresh) {
        delete(dir);
      }
      Files.createDirectories(dir);
      KilnProject.init(dir);
      Path file = dir.resolve("pipeline.yaml");
      Files.writeString(file, pipelineYaml);
      return new BenchProject(dir.toAbsolutePath().normalize(), file.toAbsolutePath().normalize());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the benchmark project " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The SQLite metadata store of the project. */
  public Path metadataDb() {
    return dir.resolve(KilnProject.FOLDER).resolve("metadata.db");
  }

  /** The taxi pipeline of pipelines/taxi.yaml (csv → split → label) reading {@code csv}. */
  public static String taxiPipeline(Path csv) {
    return """
        kiln: 1
        pipeline: taxi
        steps:
          data:
            uses: csv
            with: { path: "%s" }
          split:
            uses: split
            in: { examples: data.examples }
            with: { key: trip_start_timestamp, ratios: { train: 0.8, eval: 0.2 } }
          label:
            uses: transform
            class: dev.kiln.examples.taxi.DeriveBigTipper
            in: { examples: split.examples }
        """.formatted(csv.toAbsolutePath().normalize());
  }

  /** csv → the user transform DeriveBigTipper, Avro outputs: the framework-overhead pipeline. */
  public static String csvTransformPipeline(Path csv) {
    return """
        kiln: 1
        pipeline: overhead
        steps:
          data:
            uses: csv
            with: { path: "%s" }
          label:
            uses: transform
            class: dev.kiln.examples.taxi.DeriveBigTipper
            in: { examples: data.examples }
        """.formatted(csv.toAbsolutePath().normalize());
  }

  /** Deletes a folder tree (a benchmark project or output) if it exists. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
