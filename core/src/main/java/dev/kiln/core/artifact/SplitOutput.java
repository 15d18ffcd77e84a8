package dev.kiln.core.artifact;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * What the commit reads, as side inputs, to describe one split in the manifest: its files and its
 * record count and fingerprint. Two ways to get there, one per write path of {@link WriteDataset}.
 */
abstract class SplitOutput implements Serializable {
  /** The side inputs {@link #entry} reads. */
  abstract List<PCollectionView<?>> views();

  /** The split's manifest entry; may finalize files (only the commit's worker calls it). */
  abstract Manifest.SplitEntry entry(String name, DoFn<?, ?>.ProcessContext c);

  /** Beam's FileIO wrote finalized files; the fingerprint came from a separate combine. */
  static final class FromFileIo extends SplitOutput {
    private final PCollectionView<RowFingerprint.Digest> digest;
    private final PCollectionView<List<Manifest.FileEntry>> files;

    FromFileIo(PCollectionView<RowFingerprint.Digest> digest, PCollectionView<List<Manifest.FileEntry>> files) {
      this.digest = digest;
      this.files = files;
    }

    @Override
    List<PCollectionView<?>> views() {
      return List.of(digest, files);
    }

    @Override
    Manifest.SplitEntry entry(String name, DoFn<?, ?>.ProcessContext c) {
      RowFingerprint.Digest d = c.sideInput(digest);
      List<Manifest.FileEntry> entries = new ArrayList<>(c.sideInput(files));
      entries.sort(java.util.Comparator.comparing(Manifest.FileEntry::path));
      return new Manifest.SplitEntry(name, d.records(), d.fingerprint(), entries);
    }
  }

  /** {@link WriteBundleFilesFn} staged a file per bundle; the commit names them ({@link BundleFiles}). */
  static final class FromBundles extends SplitOutput {
    private final PCollectionView<List<BundleFile>> staged;
    private final String artifactUri;
    private final String dirUri;
    private final String extension;
    private final SerializableFunction<Void, FileIO.Sink<Row>> sinks;
    private final RowFingerprint fingerprint;

    FromBundles(PCollectionView<List<BundleFile>> staged, String artifactUri, String dirUri, String extension,
        SerializableFunction<Void, FileIO.Sink<Row>> sinks, RowFingerprint fingerprint) {
      this.staged = staged;
      this.artifactUri = artifactUri;
      this.dirUri = dirUri;
      this.extension = extension;
      this.sinks = sinks;
      this.fingerprint = fingerprint;
    }

    @Override
    List<PCollectionView<?>> views() {
      return List.of(staged);
    }

    @Override
    Manifest.SplitEntry entry(String name, DoFn<?, ?>.ProcessContext c) {
      BundleFiles.Finished done = BundleFiles.finish(artifactUri, dirUri, extension, c.sideInput(staged), sinks, fingerprint);
      return new Manifest.SplitEntry(name, done.digest().records(), done.digest().fingerprint(), done.files());
    }
  }
}
