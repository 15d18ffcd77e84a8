package dev.kiln.core.artifact;

import dev.kiln.core.fingerprint.Sha256;
import dev.kiln.core.step.Document;
import dev.kiln.core.transforms.AllElements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Adds to a pipeline the transforms that write a {@link Document} as a document artifact: one file
 * {@code <kind>.json} (lower case) in the artifact directory, then {@code _MANIFEST.json}, committed
 * only after the document exists and every {@link Document#commitAfter() gate} is complete.
 *
 * <p>The document's texts are gathered once the document and its gates are complete
 * ({@link AllElements}: a GroupByKey, not a side input that the DirectRunner would poll from the job's
 * start), so a step that produced no document or more than one fails the job instead of committing
 * something ambiguous. The fingerprint is the sha256 of the file's bytes.
 */
public final class DocumentWriter {
  private DocumentWriter() {}

  /** The file name of a document of {@code kind}. */
  public static String fileName(String kind) {
    return kind.toLowerCase(Locale.ROOT) + ".json";
  }

  /** Writes {@code document} to {@code target}; returns the committed manifest (one element). */
  public static PCollection<Manifest> write(Document document, OutputTarget target) {
    FileSystemSetup.ensureFor(target.uri());
    ArtifactStore.requireUnwritten(target.uri());
    String label = "Write " + target.label();
    return document.json()
        .apply(label + "/Gather", AllElements.<String>of().after(document.commitAfter()))
        .apply(label + "/Commit", ParDo.of(new CommitDocumentFn(target, document.kind())))
        .setCoder(SerializableCoder.of(Manifest.class));
  }

  /** Writes the file and commits the manifest, once, on a worker. */
  private static final class CommitDocumentFn extends DoFn<List<String>, Manifest> {
    private final OutputTarget target;
    private final String kind;

    CommitDocumentFn(OutputTarget target, String kind) {
      this.target = target;
      this.kind = kind;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      List<String> texts = c.element();
      if (texts.size() != 1) {
        throw new IllegalStateException("step '" + target.step() + "' produced " + texts.size() + " " + kind
            + " documents for output '" + target.port() + "'; a document output holds exactly one");
      }
      String json = texts.get(0);
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      String name = fileName(kind);
      ResourceId dir = FileSystems.matchNewResource(target.uri(), true);
      ResourceId file = ArtifactFiles.resolve(dir, name);
      ArtifactStore store = ArtifactStore.at(target.uri());
      Optional<Manifest> existing = store.readManifest(target.uri());
      if (existing.isPresent()) {
        // A retried bundle whose commit already succeeded: accept our own earlier commit.
        if (existing.get().fingerprint().equals(Sha256.hex(bytes))) {
          c.output(existing.get());
          return;
        }
        throw new IllegalStateException(target.uri() + " is already committed with other content; a committed artifact is never modified");
      }
      // Create-only: a file already there must be this bundle's own earlier attempt, with the same bytes.
      Optional<byte[]> before = ArtifactFiles.readIfExists(file);
      if (before.isPresent() && !java.util.Arrays.equals(before.get(), bytes)) {
        throw new IllegalStateException(file + " already exists with other content; an artifact folder is written only once");
      }
      if (before.isEmpty()) {
        ArtifactFiles.write(file, bytes, "application/json");
      }
      MatchResult.Metadata meta = ArtifactFiles.stat(file)
          .orElseThrow(() -> new IllegalStateException("document " + file + " vanished before the commit"));
      String sha = Sha256.hex(bytes);
      Manifest.FileEntry entry = new Manifest.FileEntry(name, meta.sizeBytes(), meta.lastModifiedMillis(), sha);
      List<Manifest.SplitEntry> splits = new ArrayList<>();
      splits.add(new Manifest.SplitEntry("", 1, sha, List.of(entry)));
      Manifest manifest = new Manifest(Manifest.MANIFEST_VERSION, kind, null, null, 1, sha, splits,
          new Manifest.Producer(target.pipeline(), target.step(), target.port(), target.executionId()),
          Manifest.KILN_VERSION, Instant.now().toString(), null);
      c.output(store.commit(target.uri(), manifest, c.getPipelineOptions()));
    }
  }


  /** Reads and checks a committed document's text: its bytes must still match the manifest's sha256. */
  public static String readCommitted(Manifest manifest) {
    if (!manifest.isDocument()) {
      throw new IllegalArgumentException(manifest.location() + " is a Dataset, not a document");
    }
    ResourceId file = ArtifactFiles.resolve(FileSystems.matchNewResource(manifest.location(), true), manifest.documentPath());
    byte[] bytes = ArtifactFiles.readIfExists(file).orElseThrow(() -> new IllegalStateException(
        "the " + manifest.kind() + " artifact " + manifest.location() + " is damaged: " + manifest.documentPath() + " is missing"));
    if (!Sha256.hex(bytes).equals(manifest.fingerprint())) {
      throw new IllegalStateException("the " + manifest.kind() + " artifact " + manifest.location() + " is damaged: "
          + manifest.documentPath() + " no longer matches the sha256 in its manifest; rerun the step that produced it");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

}
