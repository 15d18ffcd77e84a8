package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.FileSystemSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the copy a job made of an output that an earlier execution already holds with the same
 * fingerprint (a {@code RUN_OR_REUSE} step whose input came out unchanged). The copy was never
 * registered in the metadata store, so no reader knows it; the manifest goes first, so a half-deleted
 * copy never looks committed. A copy that cannot be deleted is left (it costs space, not correctness).
 */
final class UnusedOutput {
  private static final Logger LOG = LoggerFactory.getLogger(UnusedOutput.class);

  private UnusedOutput() {}

  static void delete(String uri) {
    try {
      FileSystemSetup.ensureFor(uri);
      ResourceId dir = FileSystems.matchNewResource(uri, true);
      FileSystems.delete(List.of(dir.resolve(ArtifactStore.MANIFEST, StandardResolveOptions.RESOLVE_FILE)),
          StandardMoveOptions.IGNORE_MISSING_FILES);
      MatchResult files = FileSystems.match(dir.toString() + "**");
      List<ResourceId> ids = new ArrayList<>();
      if (files.status() == MatchResult.Status.OK) {
        files.metadata().forEach(m -> ids.add(m.resourceId()));
      }
      FileSystems.delete(ids, StandardMoveOptions.IGNORE_MISSING_FILES);
      Path local = localPath(uri);
      if (local != null && Files.isDirectory(local)) {
        try (Stream<Path> all = Files.walk(local)) {
          all.sorted(Comparator.reverseOrder()).forEach(p -> {
            try {
              Files.deleteIfExists(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete the unused copy {}: {}", uri, e.toString());
    }
  }

  private static Path localPath(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(java.net.URI.create(uri));
    }
    return uri.contains("://") ? null : Path.of(uri);
  }
}
