package dev.kiln.core.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The artifact folders under a store's root, as the files show them ({@code <pipeline>/<step>/<port>/<folder>/}),
 * whether or not a metadata store knows them: what {@code kiln verify} and {@code kiln gc} look at to
 * find what killed runs left behind. Works on every Beam file system (a local root, {@code gs://}).
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * for (ArtifactFolders.Folder f : ArtifactFolders.of(store).list()) {
 *   if (!f.committed()) { ... }   // no manifest: a killed or failed execution's files
 * }
 * }</pre>
 */
public final class ArtifactFolders {
  private final ArtifactStore store;

  private ArtifactFolders(ArtifactStore store) {
    this.store = store;
  }

  public static ArtifactFolders of(ArtifactStore store) {
    return new ArtifactFolders(store);
  }

  /**
   * One artifact folder.
   *
   * @param uri the folder, ending in a separator (the URI an artifact record names)
   * @param committed whether it holds a {@code _MANIFEST.json}
   * @param files every file in it, at any depth
   * @param newestMillis the newest modification time of its files
   */
  public record Folder(String uri, boolean committed, List<ResourceId> files, long newestMillis, long bytes) {}

  /** Every folder four levels below the root that holds at least one file, in URI order. */
  public List<Folder> list() {
    ResourceId root = FileSystems.matchNewResource(store.root(), true);
    Map<String, List<MatchResult.Metadata>> byFolder = new TreeMap<>();
    for (MatchResult.Metadata m : ArtifactFiles.listRecursively(root)) {
      String path = m.resourceId().toString();
      if (!path.startsWith(store.root())) {
        continue;
      }
      String[] parts = path.substring(store.root().length()).split("/");
      if (parts.length < 5) {
        continue; // the store marker, or a file that is not in the layout: not Kiln's to judge
      }
      String folder = store.root() + String.join("/", parts[0], parts[1], parts[2], parts[3]) + "/";
      byFolder.computeIfAbsent(folder, k -> new ArrayList<>()).add(m);
    }
    List<Folder> out = new ArrayList<>();
    byFolder.forEach((uri, files) -> {
      boolean committed = files.stream().anyMatch(f -> f.resourceId().toString().equals(uri + ArtifactStore.MANIFEST));
      long newest = files.stream().mapToLong(MatchResult.Metadata::lastModifiedMillis).max().orElse(0);
      long bytes = files.stream().mapToLong(MatchResult.Metadata::sizeBytes).sum();
      out.add(new Folder(uri, committed, files.stream().map(MatchResult.Metadata::resourceId).toList(), newest, bytes));
    });
    return out;
  }

  /**
   * Removes a folder's files, the manifest first (so that a half-removed folder is never taken for a
   * committed one), then, on a local file system, the emptied directories.
   */
  public void delete(Folder folder) {
    try {
      List<ResourceId> files = new ArrayList<>(folder.files());
      files.sort(Comparator.comparing((ResourceId r) -> !r.getFilename().equals(ArtifactStore.MANIFEST)));
      for (ResourceId f : files) {
        FileSystems.delete(List.of(f), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder.uri(), e);
    }
    ResourceId dir = FileSystems.matchNewResource(folder.uri(), true);
    if (dir.getScheme().equals("file")) {
      Path local = Path.of(dir.toString());
      try (Stream<Path> walk = Files.walk(local)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          try (Stream<Path> left = Files.isDirectory(p) ? Files.list(p) : Stream.empty()) {
            if (Files.isDirectory(p) && left.findAny().isEmpty()) {
              Files.delete(p);
            }
          }
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // nothing left to tidy
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the empty folders of " + folder.uri(), e);
      }
    }
  }
}
