package dev.kiln.ml.push;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.CanonicalJson;

/**
 * The {@code PushResult} document of a {@code push} step, so that lineage shows whether and where a
 * model went.
 *
 * @param pushed whether this push wrote a new version
 * @param destination the destination as configured
 * @param version the version holding the model (null when not blessed)
 * @param modelFingerprint hex SHA-256 of the model document
 * @param reason why: blessed, not blessed (with the blessing's summary), or already the newest version
 */
public record PushResult(
    @JsonProperty("pushed") boolean pushed, @JsonProperty("destination") String destination,
    @JsonProperty("version") String version, @JsonProperty("modelFingerprint") String modelFingerprint,
    @JsonProperty("reason") String reason) {

  /** The kind of artifact this document is. */
  public static final String KIND = "PushResult";

  /** Canonical JSON. */
  public String toJson() {
    return CanonicalJson.ofValue(this);
  }

  /** Reads a PushResult document. */
  public static PushResult parse(String json) {
    try {
      return CanonicalJson.MAPPER.readValue(json, PushResult.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a PushResult document: " + e.getMessage());
    }
  }
}
