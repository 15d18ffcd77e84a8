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
    return fingerprint(patterns, List.of(), source, step);
  }

  /**
   * Hex SHA-256 of the canonical listing of every pattern, where each of {@code optionalPatterns} may
   * match nothing (its empty listing is then part of the fingerprint).
   */
  public static String fingerprint(List<String> patterns, List<String> optionalPatterns, String source, String step) {
    // Keyed by position, not by path: moving the project folder must not invalidate the cache.
    List<Object> listing = new ArrayList<>();
    for (String pattern : patterns) {
      listing.add(describe(match(pattern, source, step)));
    }
    if (!optionalPatterns.isEmpty()) {
      // Only when present, so the keys of steps without optional inputs stay as they were.
      List<Object> optional = new ArrayList<>();
      for (String pattern : optionalPatterns) {
        optional.add(describe(matchIfAny(pattern, source, step)));
      }
      listing.add(Map.of("optional", optional));
    }
    return CanonicalJson.sha256(CanonicalJson.ofValue(listing));
  }

  /** Every matched file, in name order; empty when the pattern matches nothing. */
  public static List<MatchResult.Metadata> matchIfAny(String pattern, String source, String step) {
    try {
      FileSystemSetup.ensureFor(pattern);
    } catch (IllegalArgumentException e) {
      throw SpecException.at(source, step, "with", e.getMessage());
    }
    try {
      MatchResult r = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (r.status() == MatchResult.Status.NOT_FOUND) {
        return List.of();
      }
      List<MatchResult.Metadata> files = new ArrayList<>(r.metadata());
      files.sort((a, b) -> a.resourceId().toString().compareTo(b.resourceId().toString()));
      return files;
    } catch (IOException e) {
      throw SpecException.at(source, step, "with", "cannot list " + pattern + " (" + e.getMessage() + ")");
    }
  }

  private static List<Map<String, Object>> describe(List<MatchResult.Metadata> matched) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (MatchResult.Metadata m : matched) {
      Map<String, Object> f = new TreeMap<>();
      f.put("name", m.resourceId().getFilename());
      f.put("size", m.sizeBytes());
      f.put("modified", m.lastModifiedMillis());
      files.add(f);
    }
    return files;
  }
}
