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
 * &lt;root&gt;/_KILN_STORE                          the id of the metadata store this root belongs to
 * &lt;root&gt;/&lt;pipeline&gt;/&lt;step&gt;/&lt;port&gt;/&lt;execution-id&gt;-&lt;random&gt;/
 *     _MANIFEST.json                       written last; its presence means "committed"
 *     split=train/part-00000-of-00004.avro
 *     part-00000-of-00001.avro             (an unsplit dataset)
 * </pre>
 *
 * A directory without a manifest is invisible: {@link #readManifest} returns empty for it. A
 * committed manifest is never replaced, and a folder is never written twice: its name carries a
 * random part beside the execution id ({@link #newFolderName}), because execution ids repeat when a
 * metadata store is restored from a backup, and writers refuse a folder that already holds files
 * ({@link #requireUnwritten}).
 */
public final class ArtifactStore implements Serializable {
  private static final long serialVersionUID = 1L;
  /** File name of a committed artifact's manifest. */
  public static final String MANIFEST = "_MANIFEST.json";
  /** File at the root naming the metadata store the root belongs to (see {@code StoreIdentity}). */
  public static final String STORE_MARKER = "_KILN_STORE";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
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
   * A folder name for the outputs of one execution that no other execution of any store has:
   * {@code <execution-id>-<8 random hex digits>}. The id keeps folders readable and sorted; the
   * random part keeps them apart when ids repeat (a metadata store restored from a backup).
   */
  public static String newFolderName(long executionId) {
    if (executionId < 0) {
      throw new IllegalArgumentException("execution id must be >= 0, was " + executionId);
    }
    return executionId + "-" + String.format("%08x", RANDOM.nextInt());
  }

  /**
   * The directory of a dataset written by one execution: {@code <root>/<pipeline>/<step>/<port>/<folder>/},
   * with {@code folder} from {@link #newFolderName}.
   *
   * @throws IllegalArgumentException if a name is not a plain path segment
   */
  public String datasetUri(String pipeline, String step, String port, String folder) {
    ResourceId r = dir(root);
    for (String[] part : new String[][] {{"pipeline", pipeline}, {"step", step}, {"port", port}, {"folder", folder}}) {
      r = r.resolve(checkName(part[0], part[1]), StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return r.toString();
  }

  /**
   * The directory {@code <root>/<pipeline>/<step>/<port>/<id>/}: for tests and tools that choose an id
   * of their own that is unique in this root. Runs use {@link #newFolderName}.
   */
  public String datasetUri(String pipeline, String step, String port, long executionId) {
    if (executionId < 0) {
      throw new IllegalArgumentException("execution id must be >= 0, was " + executionId);
    }
    return datasetUri(pipeline, step, port, Long.toString(executionId));
  }

  /**
   * Refuses to write into {@code artifactUri} when it already holds a file: an artifact folder is
   * written by one execution only, so files there belong to another (a store that lost its history,
   * or a restored backup that hands out execution ids again). Called when a pipeline is built.
   *
   * @throws IllegalStateException naming the folder and a file in it
   */
  public static void requireUnwritten(String artifactUri) {
    FileSystemSetup.ensureFor(artifactUri);
    List<MatchResult.Metadata> existing = ArtifactFiles.listRecursively(FileSystems.matchNewResource(artifactUri, true));
    if (!existing.isEmpty()) {
      throw new IllegalStateException("artifact folder " + artifactUri + " already holds "
          + existing.get(0).resourceId() + "; an artifact folder is written only once (is another store using this artifact root?)");
    }
  }

  /** The store id recorded at the root, if any. */
  public Optional<String> storeMarker() {
    return ArtifactFiles.readIfExists(dir(root).resolve(STORE_MARKER, StandardResolveOptions.RESOLVE_FILE))
        .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).strip());
  }

  /**
   * Records {@code storeId} at the root unless an id is recorded there already.
   *
   * @return the id recorded at the root afterwards (another process may have been first)
   */
  public String claim(String storeId) {
    ResourceId marker = dir(root).resolve(STORE_MARKER, StandardResolveOptions.RESOLVE_FILE);
    try {
      createOnly(dir(root), marker, (storeId + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain",
          FileSystemSetup.newOptions());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
    return storeMarker().orElseThrow(() -> new IllegalStateException(marker + " vanished right after it was written"));
  }

  /** True when anything but the store marker lies under the root. */
  public boolean holdsFiles() {
    for (MatchResult.Metadata m : ArtifactFiles.listRecursively(dir(root))) {
      if (!m.resourceId().getFilename().equals(STORE_MARKER) || !m.resourceId().getCurrentDirectory().toString().equals(root)) {
        return true;
      }
    }
    return false;
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
      if (!createOnly(dir, target, json, "application/json", options)) {
        throw alreadyCommitted(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + target, e);
    }
    return manifest.withLocation(dir.toString());
  }

  /**
   * Writes {@code target} unless it exists: with the scheme's {@link ManifestCommitter} when there is
   * one (the storage service checks), else by writing a temporary file in {@code dir} and renaming it.
   *
   * @return false if the file existed (nothing was written)
   */
  private static boolean createOnly(ResourceId dir, ResourceId target, byte[] content, String mimeType, PipelineOptions options)
      throws IOException {
    Optional<ManifestCommitter> atomic = Committers.forScheme(target.getScheme());
    if (atomic.isPresent()) {
      return atomic.get().createIfAbsent(target.toString(), content, mimeType, options);
    }
    if (ArtifactFiles.stat(target).isPresent()) {
      return false;
    }
    ResourceId temp = dir.resolve(target.getFilename() + ".tmp-" + UUID.randomUUID(), StandardResolveOptions.RESOLVE_FILE);
    ArtifactFiles.write(temp, content, mimeType);
    if (ArtifactFiles.stat(target).isPresent()) {
      FileSystems.delete(List.of(temp));
      return false;
    }
    FileSystems.rename(List.of(temp), List.of(target));
    return true;
  }

  private static IllegalStateException alreadyCommitted(ResourceId target) {
    return new IllegalStateException(
        target + " already exists; a committed artifact is never modified (write a new execution instead)");
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
