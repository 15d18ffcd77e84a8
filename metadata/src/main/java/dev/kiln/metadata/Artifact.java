package dev.kiln.metadata;

import java.util.Map;

/**
 * An artifact: a typed, immutable output located by {@code uri}.
 *
 * @param id 0 for a new artifact
 * @param type the artifact type name, e.g. "Dataset"
 * @param uri where the artifact lives
 * @param name an optional human name (may be null)
 * @param state its state
 * @param properties typed properties (Long, Double or String values)
 * @param createTimeMillis set by the store on insert
 */
public record Artifact(
    long id,
    String type,
    String uri,
    String name,
    State state,
    Map<String, Object> properties,
    long createTimeMillis) {

  public enum State { PENDING, LIVE, MARKED_FOR_DELETION, DELETED }

  public Artifact {
    properties = Map.copyOf(MetadataStore.checkProperties(properties));
  }

  public static Artifact create(String type, String uri, String name, Map<String, Object> properties) {
    return new Artifact(0, type, uri, name, State.LIVE, properties, 0);
  }

  public String stringProperty(String key) {
    Object v = properties.get(key);
    return v == null ? null : v.toString();
  }

  public Long longProperty(String key) {
    Object v = properties.get(key);
    return v instanceof Long l ? l : null;
  }

  public Artifact withId(long newId) {
    return new Artifact(newId, type, uri, name, state, properties, createTimeMillis);
  }
}
