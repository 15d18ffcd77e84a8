package dev.kiln.serving;

import dev.kiln.core.artifact.DocumentWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Real models for the serving tests, made once per test JVM by a real Kiln run (DirectRunner, SQLite):
 * penguins (300 rows) → derive a boolean label → split → preprocess (standardize, vocabulary one-hot)
 * → a multiclass (species 0/1/2) and a binary (is_adelie) logistic model → {@code infer} of the eval
 * split with each. The infer step's rows and predictions are what a served model must reproduce.
 */
final class Penguins {
  static final String PIPELINE = """
      kiln: 1
      pipeline: penguins
      steps:
        data:   { uses: csv, with: { path: penguins.csv } }
        label:  { uses: derive, in: { examples: data.examples }, with: { columns: { is_adelie: "species == 0" } } }
        split:  { uses: split, in: { examples: label.examples }, with: { ratios: { train: 0.8, eval: 0.2 } } }
        preprocess:
          uses: preprocess
          in: { examples: split.examples }
          with:
            passthrough: [species, is_adelie]
            features:
              bill_length_mm:    { impute: mean, standardize: true }
              bill_depth_mm:     { standardize: true }
              flipper_length_mm: { standardize: true }
              body_mass_g:       { minMax: true }
              island:            { vocabulary: { topK: 3 }, oneHot: true }
        species: { uses: train, in: { examples: preprocess.examples.train, graph: preprocess.graph }, with: { label: species, features: [bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, island], algorithm: logistic, backend: local } }
        adelie:  { uses: train, in: { examples: preprocess.examples.train, graph: preprocess.graph }, with: { label: is_adelie, features: [bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, island], algorithm: logistic, backend: local } }
        infer_species: { uses: infer, in: { examples: split.examples.eval, model: species.model } }
        infer_adelie:  { uses: infer, in: { examples: split.examples.eval, model: adelie.model } }
        evaluate: { uses: evaluate, in: { examples: split.examples.eval, model: species.model }, with: { label: species } }
        strict:   { uses: evaluate, in: { examples: split.examples.eval, model: adelie.model }, with: { label: is_adelie, thresholds: { logLoss: { max: 0.000001 } } } }
        deploy:        { uses: deploy, in: { model: species.model, blessing: evaluate.blessing }, with: { target: serving/penguins } }
        deploy_strict: { uses: deploy, in: { model: adelie.model, blessing: strict.blessing }, with: { backend: local, target: serving/penguins } }
      """;

  /** The project folder of the run (serving/penguins is the deploy steps' target). */
  static Path dir;
  /** The Deployment documents of the deploy steps (blessed, and not blessed), and the artifact type recorded. */
  static String deployed;
  static String notDeployed;
  static String deploymentType;

  /** A model and the infer step's output rows (its input columns plus prediction, predicted_class). */
  record Trained(String modelJson, List<GenericRecord> predictions) {}

  private static Trained multiclass;
  private static Trained binary;

  private Penguins() {}

  static synchronized Trained multiclass() {
    run();
    return multiclass;
  }

  static synchronized Trained binary() {
    run();
    return binary;
  }

  private static void run() {
    if (multiclass != null) {
      return;
    }
    try {
      dir = Files.createTempDirectory("kiln-serving-penguins");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      try (InputStream in = Penguins.class.getResourceAsStream("/penguins.csv")) {
        Files.copy(in, dir.resolve("penguins.csv"));
      }
      try (TestProject project = new TestProject(dir)) {
        RunOutcome run = project.run(PIPELINE);
        if (!run.succeeded()) {
          throw new IllegalStateException("the penguins run failed: " + run.error());
        }
        multiclass = new Trained(document(project, run.executions().get("species"), "model"),
            records(project, run.executions().get("infer_species"), "predictions"));
        binary = new Trained(document(project, run.executions().get("adelie"), "model"),
            records(project, run.executions().get("infer_adelie"), "predictions"));
        deployed = document(project, run.executions().get("deploy"), "deployment");
        notDeployed = document(project, run.executions().get("deploy_strict"), "deployment");
        long id = project.store.eventsByExecutions(List.of(run.executions().get("deploy"))).stream()
            .filter(e -> e.type() == Event.Type.OUTPUT).findFirst().orElseThrow().artifactId();
        deploymentType = project.store.artifact(id).orElseThrow().type();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Manifest output(TestProject project, long execution, String port) {
    long id = project.store.eventsByExecutions(List.of(execution)).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals(port)).findFirst().orElseThrow().artifactId();
    return project.artifacts.readManifest(project.store.artifact(id).orElseThrow().uri()).orElseThrow();
  }

  private static String document(TestProject project, long execution, String port) {
    return DocumentWriter.readCommitted(output(project, execution, port));
  }

  /** Every row of every split of a committed Avro dataset. */
  static List<GenericRecord> records(TestProject project, long execution, String port) throws IOException {
    Manifest m = output(project, execution, port);
    List<GenericRecord> rows = new ArrayList<>();
    for (Manifest.SplitEntry split : m.splits()) {
      for (Manifest.FileEntry f : split.files()) {
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(Path.of(m.location()).resolve(f.path()).toFile(), new GenericDatumReader<>())) {
          in.forEach(rows::add);
        }
      }
    }
    return rows;
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind
    }
  }
}
