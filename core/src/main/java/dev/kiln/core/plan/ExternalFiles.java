package dev.kiln.core.plan;

import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.core.spec.SpecException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The fingerprint of files outside Kiln that a source step reads: the name, size and modification
 * time of every matched file (cheap, and independent of the data's size). A pattern that matches
 * nothing is a user error.
 */
public final class ExternalFiles {
  private ExternalFiles() {}

  /** Every matched file, in name order; throws a one-line error when the pattern matches nothing. */
  public static List<MatchResult.Metadata> match(String pattern, String source, String step) {
    // Local paths need no registration: the local file system is always there, and skipping Beam's
    // PipelineOptionsFactory keeps a fully cached run fast (docs/benchmarks.md). Other schemes are
    // registered on first use.
    try {
      FileSystemSetup.ensureFor(pattern);
    } catch (IllegalArgumentException e) {
      throw SpecException.at(source, step, "with.path", e.getMessage());
    }
    try {
      MatchResult r = FileSystems.match(pattern, EmptyMatchTreatment.DISALLOW);
      if (r.status() != MatchResult.Status.OK) {
        throw SpecException.at(source, step, "with.path", "no file matches " + pattern);
      }
      List<MatchResult.Metadata> files = new ArrayList<>(r.metadata());
      files.sort((a, b) -> a.resourceId().toString().compareTo(b.resourceId().toString()));
      return files;
    } catch (IOException e) {
      throw SpecException.at(source, step, "with.path", "no file matches " + pattern + " (" + e.getMessage() + ")");
    }
  }

  /** Hex SHA-256 of the canonical listing (file name, size, modification time) of every pattern. */
  public static String fingerprint(List<String> patterns, String source, String step) {
    // Keyed by position, not by path: moving the project folder must not invalidate the cache.
    List<Object> listing = new ArrayList<>();
    for (String pattern : patterns) {
      List<Map<String, Object>> files = new ArrayList<>();
      for (MatchResult.Metadata m : match(pattern, source, step)) {
        Map<String, Object> f = new TreeMap<>();
        f.put("name", m.resourceId().getFilename());
        f.put("size", m.sizeBytes());
        f.put("modified", m.lastModifiedMillis());
        files.add(f);
      }
      listing.add(files);
    }
    return CanonicalJson.sha256(CanonicalJson.ofValue(listing));
  }
}
