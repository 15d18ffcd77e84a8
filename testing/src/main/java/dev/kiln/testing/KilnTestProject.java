package dev.kiln.testing;

import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetFormat;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.io.avro.AvroRowConverter;
import dev.kiln.core.plan.Plan;
import dev.kiln.core.project.KilnProject;
import dev.kiln.core.project.StoreIdentity;
import dev.kiln.core.run.Backend;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.runners.DirectBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.Row;

/**
 * A Kiln project of its own for one test: a fresh SQLite metadata store and a fresh artifact root in a
 * folder the test owns (JUnit's {@code @TempDir}), pipelines run on Beam's DirectRunner with its
 * immutability and encodability checks on, and the committed outputs read back as Beam {@link Row}s or
 * JSON documents. Runs are recorded, planned and cached exactly as {@code kiln run} does: run the
 * same pipeline twice and the second {@link RunOutcome} reports every step {@code CACHED}.
 *
 * <p>Step types are found as {@code kiln run} finds them: Kiln's built-ins, and every
 * {@link dev.kiln.core.step.StepType} announced in {@code META-INF/services} on the test class path
 * (the ML steps when {@code kiln-ml} is a dependency, and your own).
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * @Test
 * void labelsEveryTrip(@TempDir Path dir) {
 *   try (KilnTestProject project = KilnTestProject.in(dir)) {
 *     RunOutcome run = project.run(MyPipeline.build());
 *     assertTrue(run.succeeded(), run.error());
 *     List<Row> labelled = project.rows(run, "label", "examples");
 *     assertEquals(3, labelled.size());
 *   }
 * }
 * }</pre>
 *
 * <p>Relative paths in a pipeline (a {@code csv} step's {@code path}) are relative to the project
 * folder, as in {@code kiln run}: put test data there, or name it by its absolute path.
 */
public final class KilnTestProject implements AutoCloseable {
  private final KilnProject project;
  private final MetadataStore store;
  private final ArtifactStore artifacts;
  private final Backend backend;

  private KilnTestProject(KilnProject project, Backend backend) {
    this.project = project;
    this.backend = backend;
    this.store = MetadataStore.open(project.metadataUrl());
    this.artifacts = ArtifactStore.at(project.artifactRoot());
    try {
      StoreIdentity.check(store, artifacts, project.metadataUrl());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * A project in {@code dir} ({@code kiln init}'s layout: {@code dir/.kiln/metadata.db} and
   * {@code dir/.kiln/artifacts}), created when absent. Give each test its own folder for a fresh store.
   */
  public static KilnTestProject in(Path dir) {
    return new KilnTestProject(KilnProject.init(dir), new DirectBackend(true, 2));
  }

  /** The project folder: relative paths in pipelines are resolved against it. */
  public Path dir() {
    return project.dir();
  }

  /** The metadata store, for assertions on lineage beyond what this class reads. */
  public MetadataStore metadataStore() {
    return store;
  }

  /** Runs a pipeline built in Java; the outcome's {@code steps} hold each step's final state. */
  public RunOutcome run(KilnPipeline pipeline) {
    return orchestrator().run(pipeline.resolve(StepRegistry.standard()));
  }

  /** Runs a pipeline file (YAML), as {@code kiln run FILE} does. */
  public RunOutcome run(Path pipelineFile) {
    return orchestrator().run(resolve(pipelineFile));
  }

  /** What a run of {@code pipeline} would do now, step by step, without running it ({@code kiln plan}). */
  public Plan plan(KilnPipeline pipeline) {
    return orchestrator().plan(pipeline.resolve(StepRegistry.standard()));
  }

  /** What a run of a pipeline file would do now ({@code kiln plan FILE}). */
  public Plan plan(Path pipelineFile) {
    return orchestrator().plan(resolve(pipelineFile));
  }

  /**
   * Every row that {@code step} gave on output {@code port} in {@code run} (from cache or computed), all
   * splits together, in no particular order.
   *
   * @throws IllegalArgumentException naming the step or port when the run has no such output, or when
   *     the output is not an Avro dataset (a TFRecord dataset, a document: see {@link #document})
   */
  public List<Row> rows(RunOutcome run, String step, String port) {
    Manifest manifest = manifest(run, step, port);
    List<Row> out = new ArrayList<>();
    for (Manifest.SplitEntry split : manifest.splits()) {
      out.addAll(read(manifest, split, step + "." + port));
    }
    return out;
  }

  /** The rows of one split ({@code "train"}, {@code "eval"} ...) of a step's output in {@code run}. */
  public List<Row> rows(RunOutcome run, String step, String port, String split) {
    Manifest manifest = manifest(run, step, port);
    Manifest.SplitEntry entry = manifest.split(split).orElseThrow(() -> new IllegalArgumentException(
        step + "." + port + " has no split '" + split + "'; its splits: " + manifest.splitNames()));
    return read(manifest, entry, step + "." + port + "." + split);
  }

  /** The JSON text of a document output (statistics, schema, model, metrics ...) of {@code step} in {@code run}. */
  public String document(RunOutcome run, String step, String port) {
    Manifest manifest = manifest(run, step, port);
    if (!manifest.isDocument()) {
      throw new IllegalArgumentException(step + "." + port + " is a dataset, not a document; read it with rows()");
    }
    Path file = folder(manifest).resolve(manifest.documentPath());
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    store.close();
  }

  private Orchestrator orchestrator() {
    return new Orchestrator(store, artifacts, backend, project.dir(), RunListener.NONE);
  }

  private static ResolvedPipeline resolve(Path file) {
    return new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.load(file), file.toString());
  }

  /** The committed manifest of the artifact {@code step} wrote (or reused) on {@code port} in {@code run}. */
  private Manifest manifest(RunOutcome run, String step, String port) {
    Long execution = run.executions().get(step);
    if (execution == null || execution == 0) {
      throw new IllegalArgumentException("step '" + step + "' has no execution in run " + run.runName()
          + (execution == null ? "; its steps: " + run.executions().keySet() : " (it was " + run.steps().get(step) + ")"));
    }
    List<String> ports = new ArrayList<>();
    for (Event e : store.eventsByExecutions(List.of(execution))) {
      if (e.type() != Event.Type.OUTPUT) {
        continue;
      }
      ports.add(e.path());
      if (e.path().equals(port)) {
        Artifact artifact = store.artifact(e.artifactId()).orElseThrow();
        return artifacts.readManifest(artifact.uri()).orElseThrow(() -> new IllegalStateException(
            step + "." + port + ": no committed manifest at " + artifact.uri()));
      }
    }
    throw new IllegalArgumentException("step '" + step + "' wrote no output '" + port + "' in run " + run.runName()
        + "; its outputs: " + ports);
  }

  private static List<Row> read(Manifest manifest, Manifest.SplitEntry split, String what) {
    if (manifest.isDocument() || manifest.format() != DatasetFormat.AVRO) {
      throw new IllegalArgumentException(what + " is " + (manifest.isDocument() ? "a document; read it with document()"
          : "a " + manifest.format().id() + " dataset; rows() reads Avro datasets (format: avro, the default)"));
    }
    org.apache.avro.Schema avroSchema = new org.apache.avro.Schema.Parser().parse(manifest.avroSchema());
    AvroRowConverter converter = AvroRowConverter.of(avroSchema, manifest.beamSchema());
    Path dir = folder(manifest);
    List<Row> out = new ArrayList<>();
    for (Manifest.FileEntry f : split.files()) {
      try (DataFileReader<GenericRecord> reader = new DataFileReader<>(dir.resolve(f.path()).toFile(), new GenericDatumReader<>())) {
        for (GenericRecord record : reader) {
          out.add(converter.convert(record));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dir.resolve(f.path()) + " of " + what, e);
      }
    }
    return out;
  }

  /** The artifact's folder: test projects keep their artifact root on the local disk. */
  private static Path folder(Manifest manifest) {
    String location = manifest.location();
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }
}
