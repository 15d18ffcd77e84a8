package dev.kiln.core.io.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Matching a file pattern and opening matched files, in the launching process. */
final class CsvFiles {
  private CsvFiles() {}

  /**
   * The files {@code pattern} matches, sorted by name so that inference is deterministic.
   *
   * @throws CsvFormatException naming the pattern when it matches nothing
   */
  static List<MatchResult.Metadata> match(String pattern) {
    MatchResult result;
    try {
      result = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list files matching '" + pattern + "': " + e.getMessage(), e);
    }
    List<MatchResult.Metadata> files = new ArrayList<>();
    if (result.status() == MatchResult.Status.OK) {
      try {
        for (MatchResult.Metadata m : result.metadata()) {
          if (!m.resourceId().isDirectory()) {
            files.add(m);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list files matching '" + pattern + "': " + e.getMessage(), e);
      }
    } else if (result.status() != MatchResult.Status.NOT_FOUND) {
      throw new UncheckedIOException(new IOException("cannot list files matching '" + pattern + "': " + result.status()));
    }
    if (files.isEmpty()) {
      throw new CsvFormatException("no CSV file matches '" + pattern + "'");
    }
    files.sort(Comparator.comparing(m -> m.resourceId().toString()));
    return files;
  }

  /** Opens a matched file, decompressing it when its name ends in .gz, .bz2, .zst, .zip, .deflate, ... */
  static InputStream open(ResourceId file) throws IOException {
    Compression compression = Compression.detect(file.getFilename() == null ? "" : file.getFilename());
    return Channels.newInputStream(compression.readDecompressed(FileSystems.open(file)));
  }
}
