package dev.kiln.ml.validate;

import dev.kiln.core.artifact.DocumentWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the committed documents of a run from a {@link TestProject}'s store and artifact folder. */
public final class RunDocuments {
  private RunDocuments() {}

  /** The output artifact of {@code step}'s port, if one was recorded. */
  public static Optional<Artifact> output(TestProject project, RunOutcome run, String step, String port) {
    Long execution = run.executions().get(step);
    if (execution == null || execution == 0) {
      return Optional.empty();
    }
    return project.store.eventsByExecutions(List.of(execution)).stream()
        .filter(e -> e.type() == Event.Type.OUTPUT && e.path().equals(port))
        .findFirst()
        .flatMap(e -> project.store.artifact(e.artifactId()));
  }

  /** The committed JSON of a document output; fails when it is not committed. */
  public static String json(TestProject project, RunOutcome run, String step, String port) {
    Artifact a = output(project, run, step, port).orElseThrow(() -> new AssertionError(step + "." + port + " has no output artifact"));
    Manifest m = project.artifacts.readManifest(a.uri()).orElseThrow(() -> new AssertionError(a.uri() + " is not committed"));
    try {
      return Files.readString(Path.of(m.location()).resolve(DocumentWriter.fileName(a.type())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
