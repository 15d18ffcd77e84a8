package dev.kiln.core.plan;

import java.util.Map;

/**
 * A committed output known to the metadata store.
 *
 * @param splitFingerprints split name to fingerprint ("" for an unsplit dataset)
 * @param splitRecords split name to record count (only named splits)
 */
public record OutputArtifact(long artifactId, String uri, String fingerprint, long records, Map<String, String> splitFingerprints,
    Map<String, Long> splitRecords, String kind) {

  /** The fingerprint a reader of the whole artifact, or of one split of it, sees. */
  public String fingerprintOf(String split) {
    if (split == null) {
      return fingerprint;
    }
    String f = splitFingerprints.get(split);
    if (f == null) {
      throw new IllegalStateException("artifact " + uri + " has no split '" + split + "'");
    }
    return f;
  }
}
