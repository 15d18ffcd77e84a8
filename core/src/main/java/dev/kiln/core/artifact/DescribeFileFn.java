package dev.kiln.core.artifact;

import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A finalized data file to its manifest entry: path relative to the artifact, size, modification
 * time and SHA-256. Runs in parallel over the files, reading each once right after it was written.
 */
final class DescribeFileFn extends DoFn<String, Manifest.FileEntry> {
  private final String artifactUri;

  DescribeFileFn(String artifactUri) {
    this.artifactUri = artifactUri;
  }

  @ProcessElement
  public void process(@Element String filename, OutputReceiver<Manifest.FileEntry> out) throws IOException {
    ResourceId file = FileSystems.matchNewResource(filename, false);
    String dir = FileSystems.matchNewResource(artifactUri, true).toString();
    String path = file.toString();
    if (!path.startsWith(dir)) {
      throw new IllegalStateException("data file " + path + " was written outside its artifact " + dir);
    }
    MatchResult.Metadata metadata = ArtifactFiles.stat(file)
        .orElseThrow(() -> new IllegalStateException("data file " + path + " vanished before the commit"));
    out.output(new Manifest.FileEntry(
        path.substring(dir.length()), metadata.sizeBytes(), metadata.lastModifiedMillis(), ArtifactFiles.sha256(file)));
  }
}
