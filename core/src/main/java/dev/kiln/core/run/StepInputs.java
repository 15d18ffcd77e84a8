package dev.kiln.core.run;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.spec.CanonicalJson;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each input port of an execution reads from: the artifact URI, the split (or null for all) and
 * the artifact id when it was already registered. Stored with the execution when it starts, so that
 * the input fingerprints can be read from the committed manifests afterwards — also by the recovery
 * of a run whose process was killed.
 */
public record StepInputs(Map<String, Source> ports) {

  public record Source(String uri, String split, long artifactId) {}

  public String toJson() {
    return CanonicalJson.ofValue(ports);
  }

  public static StepInputs fromJson(String json) {
    if (json == null) {
      return new StepInputs(Map.of());
    }
    try {
      return new StepInputs(CanonicalJson.MAPPER.readValue(json, new TypeReference<TreeMap<String, Source>>() {}));
    } catch (Exception e) {
      throw new IllegalStateException("unreadable input record: " + json, e);
    }
  }

  /** Port to the fingerprint of what it read, from the committed manifests. */
  public Map<String, String> fingerprints(ArtifactStore artifacts) {
    Map<String, String> out = new TreeMap<>();
    ports.forEach((port, src) -> {
      Manifest m = artifacts.readManifest(src.uri())
          .orElseThrow(() -> new IllegalStateException("input " + src.uri() + " of port '" + port + "' is not committed"));
      out.put(port, src.split() == null ? m.fingerprint() : m.split(src.split()).orElseThrow(() -> new IllegalStateException(src.uri() + " has no split '" + src.split() + "'")).fingerprint());
    });
    return out;
  }
}
