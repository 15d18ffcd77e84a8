package dev.kiln.core.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kiln.core.spec.CanonicalJson;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an execution writes its outputs: port to artifact folder, recorded with the execution before
 * anything is written ({@link MetadataKeys#PLANNED_OUTPUTS}). Folder names carry a random part, so
 * this record, not the execution id, says where an execution's outputs are.
 */
public final class PlannedOutputs {
  private PlannedOutputs() {}

  /** Port to folder URI; empty when the execution recorded none (a cached one, or one not started). */
  public static Map<String, String> of(Execution e) {
    String json = e.stringProperty(MetadataKeys.PLANNED_OUTPUTS);
    if (json == null) {
      return Map.of();
    }
    try {
      return CanonicalJson.MAPPER.readValue(json, new TypeReference<TreeMap<String, String>>() {});
    } catch (Exception unreadable) {
      throw new IllegalStateException("execution " + e.id() + " has unreadable planned outputs: " + json, unreadable);
    }
  }

  /** The folder execution {@code executionId} writes its output {@code port} to. */
  public static String uri(MetadataStore store, long executionId, String port) {
    Execution e = store.execution(executionId).orElseThrow(() -> new IllegalArgumentException("no execution " + executionId));
    String uri = of(e).get(port);
    if (uri == null) {
      throw new IllegalArgumentException("execution " + executionId + " planned no output '" + port + "'");
    }
    return uri;
  }
}
