package dev.kiln.core.artifact;

import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/** Names data files {@code part-SSSSS-of-NNNNN<ext>}; datasets are batch, so window and pane do not appear. */
final class ShardNaming implements FileIO.Write.FileNaming {
  private static final long serialVersionUID = 1L;
  private final String extension;

  ShardNaming(String extension) {
    this.extension = extension;
  }

  @Override
  public String getFilename(BoundedWindow window, PaneInfo pane, int numShards, int shardIndex, Compression compression) {
    return String.format("part-%05d-of-%05d%s", shardIndex, numShards, extension);
  }
}
