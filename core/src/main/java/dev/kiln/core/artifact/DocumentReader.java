package dev.kiln.core.artifact;

import dev.kiln.core.step.Document;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;

/**
 * Reads a committed document artifact into a pipeline. The document is read (and its sha256 checked)
 * when the pipeline is built, on the machine that submits it, and enters the pipeline as a one-element
 * {@code Create}: documents are small, and a damaged one is reported before any job starts.
 */
public final class DocumentReader {
  private DocumentReader() {}

  public static Document read(Pipeline pipeline, String name, Manifest manifest) {
    String json = DocumentWriter.readCommitted(manifest);
    return Document.of(manifest.kind(), pipeline.apply(name, Create.of(json).withCoder(StringUtf8Coder.of())));
  }
}
