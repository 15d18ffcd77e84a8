package dev.kiln.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/** The files a source's pattern matches, in the launching process, sorted by name (so inference is deterministic). */
public final class SourceFiles {
  private SourceFiles() {}

  /**
   * @param kind what the files should be, for the message ("JSON", "Parquet")
   * @throws SourceFormatException naming the pattern when it matches no file
   */
  public static List<MatchResult.Metadata> match(String pattern, String kind) {
    List<MatchResult.Metadata> files = new ArrayList<>();
    try {
      MatchResult result = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (result.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : result.metadata()) {
          if (!m.resourceId().isDirectory()) {
            files.add(m);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list files matching '" + pattern + "': " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new SourceFormatException("no " + kind + " file matches '" + pattern + "'");
    }
    files.sort(Comparator.comparing(m -> m.resourceId().toString()));
    return files;
  }
}
