package dev.kiln.serving.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.CanonicalJson;

/**
 * The {@code Deployment} document of a {@code deploy} step: recorded in the metadata store with the
 * step's execution, so lineage says which model version went live where, and since when.
 *
 * @param deployed whether this step made a version live (false: the model was not blessed)
 * @param backend the serving backend
 * @param target where, as configured
 * @param version the version now live (null when not deployed)
 * @param modelFingerprint hex SHA-256 of the model document
 * @param liveSince ISO-8601 instant the version went live (null when not deployed)
 * @param reason blessed, or the blessing's summary
 */
public record Deployment(
    @JsonProperty("deployed") boolean deployed, @JsonProperty("backend") String backend,
    @JsonProperty("target") String target, @JsonProperty("version") String version,
    @JsonProperty("modelFingerprint") String modelFingerprint, @JsonProperty("liveSince") String liveSince,
    @JsonProperty("reason") String reason) {

  public static final String KIND = "Deployment";

  public String toJson() {
    return CanonicalJson.ofValue(this);
  }

  public static Deployment parse(String json) {
    try {
      return CanonicalJson.MAPPER.readValue(json, Deployment.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a Deployment document: " + e.getMessage());
    }
  }
}
