package dev.kiln.core.artifact;

import dev.kiln.core.fingerprint.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Builds and commits the manifest. Runs once, on a worker, after all side inputs (every split's
 * {@link SplitOutput}: its files and fingerprint) and all gates are complete; uses only Beam FileSystems.
 *
 * <p>A runner may retry a bundle whose commit already succeeded; then the manifest on disk
 * describes the same files and is accepted instead of failing the job.
 */
final class CommitFn extends DoFn<String, Manifest> {
  private final OutputTarget target;
  private final String avroSchema;
  private final List<String> splitNames;
  private final List<String> splitDirs;
  private final List<SplitOutput> outputs;

  CommitFn(OutputTarget target, String avroSchema, List<String> splitNames, List<String> splitDirs,
      List<SplitOutput> outputs) {
    this.target = target;
    this.avroSchema = avroSchema;
    this.splitNames = List.copyOf(splitNames);
    this.splitDirs = List.copyOf(splitDirs);
    this.outputs = List.copyOf(outputs);
  }

  @ProcessElement
  public void process(ProcessContext c) {
    List<Manifest.SplitEntry> splits = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < splitNames.size(); i++) {
      Manifest.SplitEntry split = outputs.get(i).entry(splitNames.get(i), c);
      splits.add(split);
      total += split.records();
    }
    Manifest manifest = new Manifest(Manifest.MANIFEST_VERSION, Manifest.DATASET, target.format(), avroSchema,
        total, datasetFingerprint(splits),
        splits, new Manifest.Producer(target.pipeline(), target.step(), target.port(), target.executionId()),
        Manifest.KILN_VERSION, Instant.now().toString(), null);

    removeEmptyTempDirs();
    ArtifactStore store = ArtifactStore.at(target.uri()); // commit needs only the artifact's own directory
    try {
      c.output(store.commit(target.uri(), manifest, c.getPipelineOptions()));
    } catch (IllegalStateException alreadyCommitted) {
      Optional<Manifest> existing = store.readManifest(target.uri());
      if (existing.isPresent() && existing.get().sameContentAs(manifest)) {
        c.output(existing.get()); // a retried bundle: our own earlier commit
      } else {
        throw alreadyCommitted;
      }
    }
  }

  /**
   * Beam's file writes leave an empty {@code .temp-beam/} folder next to the files; remove it so a
   * committed artifact holds only its data. Best effort: a folder that is not empty stays.
   */
  private void removeEmptyTempDirs() {
    for (String dir : splitDirs) {
      ResourceId temp = FileSystems.matchNewResource(dir, true).resolve(".temp-beam", StandardResolveOptions.RESOLVE_DIRECTORY);
      try {
        FileSystems.delete(List.of(temp), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (IOException | RuntimeException notEmptyOrNotSupported) {
        // Harmless: readers use only the files the manifest lists.
      }
    }
  }

  /** sha256 over the split names and fingerprints, in name order. */
  static String datasetFingerprint(List<Manifest.SplitEntry> splits) {
    MessageDigest sha = Sha256.newDigest();
    sha.update("kiln-dataset-v1\n".getBytes(StandardCharsets.UTF_8));
    splits.stream().sorted(Comparator.comparing(Manifest.SplitEntry::name)).forEach(s ->
        sha.update((s.name() + "\n" + s.fingerprint() + "\n").getBytes(StandardCharsets.UTF_8)));
    return Sha256.hex(sha);
  }
}
