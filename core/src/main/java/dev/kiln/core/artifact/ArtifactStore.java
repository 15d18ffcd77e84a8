package dev.kiln.core.artifact;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Kiln's artifact store: a root URI (a local path, or {@code gs://bucket/prefix} when Beam's GCS
 * file system is on the classpath) with a fixed layout, accessed only through Beam's
 * {@link FileSystems}:
 *
 * <pre>
 * &lt;root&gt;/&lt;pipeline&gt;/&lt;step&gt;/&lt;port&gt;/&lt;execution-id&gt;/
 *     _MANIFEST.json                       written last; its presence means "committed"
 *     split=train/part-00000-of-00004.avro
 *     part-00000-of-00001.avro             (an unsplit dataset)
 * </pre>
 *
 * A directory without a manifest is invisible: {@link #readManifest} returns empty for it. A
 * committed manifest is never replaced.
 */
public final class ArtifactStore implements Serializable {
  private static final long serialVersionUID = 1L;
  /** File name of a committed artifact's manifest. */
  public static final String MANIFEST = "_MANIFEST.json";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private final String root;

  private ArtifactStore(String root) {
    this.root = root;
  }

  /**
   * The store rooted at {@code rootUri} (created on first write).
   *
   * @throws IllegalArgumentException if no Beam file system handles the URI's scheme
   */
  public static ArtifactStore at(String rootUri) {
    FileSystemSetup.ensureFor(rootUri);
    return new ArtifactStore(FileSystems.matchNewResource(rootUri, true).toString());
  }

  /** The root as a directory URI (local roots as absolute paths), ending in a separator. */
  public String root() {
    return root;
  }

  private ResourceId dir(String uri) {
    FileSystemSetup.ensureFor(uri);
    return FileSystems.matchNewResource(uri, true);
  }

  /**
   * The directory of a dataset written by one execution: {@code <root>/<pipeline>/<step>/<port>/<id>/}.
   *
   * @throws IllegalArgumentException if a name is not a plain path segment
   */
  public String datasetUri(String pipeline, String step, String port, long executionId) {
    if (executionId < 0) {
      throw new IllegalArgumentException("execution id must be >= 0, was " + executionId);
    }
    ResourceId r = dir(root);
    for (String[] part : new String[][] {{"pipeline", pipeline}, {"step", step}, {"port", port}}) {
      r = r.resolve(checkName(part[0], part[1]), StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return r.resolve(Long.toString(executionId), StandardResolveOptions.RESOLVE_DIRECTORY).toString();
  }

  /** An {@link OutputTarget} for the dataset a step's port writes in one execution. */
  public OutputTarget datasetTarget(String pipeline, String step, String port, long executionId, DatasetFormat format) {
    return new OutputTarget(datasetUri(pipeline, step, port, executionId), format, pipeline, step, port, executionId);
  }

  static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' cannot be a directory in the artifact store;"
              + " use letters, digits, '_', '-' and '.' (not first)");
    }
    return name;
  }

  /**
   * The committed manifest of the artifact at {@code artifactUri}, located there.
   *
   * @return empty if there is no manifest (nothing committed: the directory is invisible)
   * @throws IllegalArgumentException naming the file if the manifest does not parse
   */
  public Optional<Manifest> readManifest(String artifactUri) {
    ResourceId dir = dir(artifactUri);
    ResourceId file = dir.resolve(MANIFEST, StandardResolveOptions.RESOLVE_FILE);
    return ArtifactFiles.readIfExists(file)
        .map(bytes -> ManifestJson.read(bytes, file.toString()).withLocation(dir.toString()));
  }

  /**
   * Commits {@code manifest} for the artifact at {@code artifactUri} with this process's
   * {@linkplain FileSystemSetup file-system options}; see {@link #commit(String, Manifest, PipelineOptions)}.
   */
  public Manifest commit(String artifactUri, Manifest manifest) {
    return commit(artifactUri, manifest, FileSystemSetup.newOptions());
  }

  /**
   * Commits {@code manifest} for the artifact at {@code artifactUri}, so that a reader sees all of
   * it or nothing, and never replaces a committed manifest: a committed artifact is never modified.
   *
   * <p>Where a {@link ManifestCommitter} serves the root's scheme (for {@code gs://}: a create-only
   * upload), the storage service itself refuses a second manifest, so of two writers racing for the
   * same artifact exactly one wins. Elsewhere the manifest is written to a temporary name in the same
   * directory and renamed; only one execution writes a given directory (execution ids are unique),
   * so the check-then-rename has no competing writer.
   *
   * @param options pipeline options for the storage service (a worker passes its pipeline's)
   * @return the manifest located at {@code artifactUri}
   * @throws IllegalStateException if the artifact is already committed
   */
  public Manifest commit(String artifactUri, Manifest manifest, PipelineOptions options) {
    ResourceId dir = dir(artifactUri);
    ResourceId target = dir.resolve(MANIFEST, StandardResolveOptions.RESOLVE_FILE);
    byte[] json = ManifestJson.write(manifest);
    try {
      Optional<ManifestCommitter> atomic = Committers.forScheme(target.getScheme());
      if (atomic.isPresent()) {
        if (!atomic.get().createIfAbsent(target.toString(), json, "application/json", options)) {
          throw alreadyCommitted(target);
        }
      } else {
        ResourceId temp = dir.resolve(MANIFEST + ".tmp-" + UUID.randomUUID(), StandardResolveOptions.RESOLVE_FILE);
        refuseIfCommitted(target);
        ArtifactFiles.write(temp, json, "application/json");
        refuseIfCommitted(target);
        FileSystems.rename(List.of(temp), List.of(target));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + target, e);
    }
    return manifest.withLocation(dir.toString());
  }

  private static IllegalStateException alreadyCommitted(ResourceId target) {
    return new IllegalStateException(
        target + " already exists; a committed artifact is never modified (write a new execution instead)");
  }

  private static void refuseIfCommitted(ResourceId target) throws IOException {
    if (ArtifactFiles.stat(target).isPresent()) {
      throw alreadyCommitted(target);
    }
  }

  /**
   * Cheap integrity check for the planner: every file the manifest lists exists with its recorded
   * size and modification time. Reads metadata only (one batched match), never data, so its cost
   * does not grow with the data. Use {@link #verifyContent} to compare checksums.
   */
  public Integrity checkIntact(Manifest manifest) {
    ResourceId dir = dir(locationOf(manifest));
    List<ResourceId> files = new ArrayList<>();
    List<Manifest.FileEntry> entries = new ArrayList<>();
    for (Manifest.SplitEntry split : manifest.splits()) {
      for (Manifest.FileEntry f : split.files()) {
        files.add(ArtifactFiles.resolve(dir, f.path()));
        entries.add(f);
      }
    }
    if (files.isEmpty()) {
      return Integrity.intact();
    }
    List<MatchResult> results;
    try {
      results = FileSystems.matchResources(files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the files of " + dir, e);
    }
    List<String> problems = new ArrayList<>();
    Integrity.Status worst = Integrity.Status.INTACT;
    for (int i = 0; i < files.size(); i++) {
      Manifest.FileEntry expected = entries.get(i);
      MatchResult result = results.get(i);
      if (result.status() == MatchResult.Status.NOT_FOUND) {
        problems.add(files.get(i) + " is missing");
        worst = Integrity.Status.MISSING;
        continue;
      }
      MatchResult.Metadata actual;
      try {
        actual = result.metadata().get(0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot check " + files.get(i), e);
      }
      if (actual.sizeBytes() != expected.sizeBytes()) {
        problems.add(files.get(i) + " has " + actual.sizeBytes() + " bytes, the manifest says " + expected.sizeBytes());
      } else if (actual.lastModifiedMillis() != expected.modifiedMillis()) {
        problems.add(files.get(i) + " was modified after the commit");
      } else {
        continue;
      }
      if (worst == Integrity.Status.INTACT) {
        worst = Integrity.Status.DAMAGED;
      }
    }
    return report(worst, problems);
  }

  /**
   * Full check: {@link #checkIntact} plus every file's SHA-256 against the manifest. Reads all data.
   */
  public Integrity verifyContent(Manifest manifest) {
    Integrity quick = checkIntact(manifest);
    if (!quick.isIntact()) {
      return quick;
    }
    ResourceId dir = dir(locationOf(manifest));
    List<String> problems = new ArrayList<>();
    for (Manifest.SplitEntry split : manifest.splits()) {
      for (Manifest.FileEntry f : split.files()) {
        ResourceId file = ArtifactFiles.resolve(dir, f.path());
        try {
          if (!ArtifactFiles.sha256(file).equals(f.sha256())) {
            problems.add(file + " does not match its recorded sha256");
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
    }
    return report(problems.isEmpty() ? Integrity.Status.INTACT : Integrity.Status.DAMAGED, problems);
  }

  private static Integrity report(Integrity.Status status, List<String> problems) {
    if (problems.isEmpty()) {
      return Integrity.intact();
    }
    String reason = problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    return new Integrity(status, reason);
  }

  private String locationOf(Manifest m) {
    if (m.location() != null) {
      return m.location();
    }
    Manifest.Producer p = m.producer();
    return datasetUri(p.pipeline(), p.step(), p.port(), p.executionId());
  }

  @Override
  public String toString() {
    return "ArtifactStore(" + root + ")";
  }
}
