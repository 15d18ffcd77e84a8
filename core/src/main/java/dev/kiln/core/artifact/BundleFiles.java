package dev.kiln.core.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;

/**
 * The commit's half of the file-per-bundle write ({@link WriteBundleFilesFn}): gives one split's
 * staged files their final names, lists them for the manifest and adds up their fingerprint sums.
 * Runs on the commit's worker, before the manifest is written, so a reader sees the files only once
 * the manifest lists them.
 */
final class BundleFiles {
  private BundleFiles() {}

  /** What one split contributes to the manifest. */
  record Finished(List<Manifest.FileEntry> files, RowFingerprint.Digest digest) {}

  /**
   * Renames {@code staged} to {@code part-SSSSS-of-NNNNN<extension>} in {@code dirUri}, in an order
   * that depends on the files' content only, and removes the staging folder with anything a failed
   * bundle left there. A split without rows gets one file without records (as Beam's FileIO writes),
   * so every split has a file that carries the schema.
   *
   * <p>Safe to repeat after a partial run (a retried commit): a file already renamed is found under
   * its final name and checked against its recorded size.
   */
  static Finished finish(String artifactUri, String dirUri, String extension, List<BundleFile> staged,
      SerializableFunction<Void, FileIO.Sink<Row>> sinks, RowFingerprint fingerprint) {
    List<BundleFile> files = new ArrayList<>(staged);
    files.sort(BundleFile.BY_CONTENT);
    ResourceId dir = FileSystems.matchNewResource(dirUri, true);
    String artifactDir = FileSystems.matchNewResource(artifactUri, true).toString();
    int total = Math.max(1, files.size());
    List<Manifest.FileEntry> entries = new ArrayList<>();
    RowFingerprint.Accumulator sums = fingerprint.createAccumulator();
    try {
      if (files.isEmpty()) {
        ResourceId target = dir.resolve(partName(0, 1, extension), StandardResolveOptions.RESOLVE_FILE);
        WriteBundleFilesFn.DigestingChannel channel =
            new WriteBundleFilesFn.DigestingChannel(FileSystems.create(target, "application/octet-stream"));
        FileIO.Sink<Row> sink = sinks.apply(null);
        sink.open(channel);
        sink.flush();
        channel.close();
        entries.add(entry(artifactDir, target, channel.bytes, dev.kiln.core.fingerprint.Sha256.hex(channel.sha)));
      }
      for (int i = 0; i < files.size(); i++) {
        BundleFile f = files.get(i);
        ResourceId target = dir.resolve(partName(i, total, extension), StandardResolveOptions.RESOLVE_FILE);
        FileSystems.rename(List.of(FileSystems.matchNewResource(f.tempUri(), false)), List.of(target),
            StandardMoveOptions.IGNORE_MISSING_FILES);
        entries.add(entry(artifactDir, target, f.sizeBytes(), f.sha256()));
        sums = fingerprint.mergeAccumulators(
            List.of(sums, RowFingerprint.accumulator(f.records(), f.laneA(), f.laneB())));
      }
      removeStaging(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finalize the files of " + dirUri, e);
    }
    return new Finished(entries, fingerprint.extractOutput(sums));
  }

  static String partName(int index, int total, String extension) {
    return String.format("part-%05d-of-%05d%s", index, total, extension);
  }

  private static Manifest.FileEntry entry(String artifactDir, ResourceId file, long size, String sha256)
      throws IOException {
    String path = file.toString();
    if (!path.startsWith(artifactDir)) {
      throw new IllegalStateException("data file " + path + " was written outside its artifact " + artifactDir);
    }
    MatchResult.Metadata metadata = ArtifactFiles.stat(file)
        .orElseThrow(() -> new IllegalStateException("data file " + path + " vanished before the commit"));
    if (metadata.sizeBytes() != size) {
      throw new IllegalStateException("data file " + path + " has " + metadata.sizeBytes() + " bytes, but "
          + size + " were written; another writer changed the folder");
    }
    return new Manifest.FileEntry(path.substring(artifactDir.length()), size, metadata.lastModifiedMillis(), sha256);
  }

  /** Deletes the staging folder and whatever failed bundles left in it. Best effort: readers use the manifest. */
  private static void removeStaging(ResourceId dir) {
    ResourceId staging = dir.resolve(WriteBundleFilesFn.STAGING, StandardResolveOptions.RESOLVE_DIRECTORY);
    try {
      List<ResourceId> left = new ArrayList<>();
      for (MatchResult.Metadata m : ArtifactFiles.listRecursively(staging)) {
        left.add(m.resourceId());
      }
      FileSystems.delete(left, StandardMoveOptions.IGNORE_MISSING_FILES);
      FileSystems.delete(List.of(staging), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException notEmptyOrNotSupported) {
      // Harmless: the folder is not listed in the manifest.
    }
  }
}
