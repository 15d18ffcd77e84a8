package dev.kiln.metadata;

import java.util.Map;

/**
 * An execution of a step.
 *
 * @param id 0 for a new execution
 * @param type the execution type name (the step type, e.g. "csv")
 * @param name an optional name (the step name in its pipeline)
 * @param state last known state
 * @param properties typed properties (Long, Double or String values)
 * @param createTimeMillis set by the store on insert
 * @param updateTimeMillis set by the store on every write
 */
public record Execution(
    long id,
    String type,
    String name,
    State state,
    Map<String, Object> properties,
    long createTimeMillis,
    long updateTimeMillis) {

  /** The ML Metadata states. */
  public enum State { NEW, RUNNING, COMPLETE, FAILED, CACHED, CANCELED }

  public Execution {
    properties = Map.copyOf(MetadataStore.checkProperties(properties));
  }

  public static Execution create(String type, String name, State state, Map<String, Object> properties) {
    return new Execution(0, type, name, state, properties, 0, 0);
  }

  public String stringProperty(String key) {
    Object v = properties.get(key);
    return v == null ? null : v.toString();
  }

  public Long longProperty(String key) {
    Object v = properties.get(key);
    return v instanceof Long l ? l : null;
  }

  public Execution withState(State newState) {
    return new Execution(id, type, name, newState, properties, createTimeMillis, updateTimeMillis);
  }

  public Execution withProperties(Map<String, Object> newProperties) {
    return new Execution(id, type, name, state, newProperties, createTimeMillis, updateTimeMillis);
  }

  public Execution withId(long newId) {
    return new Execution(newId, type, name, state, properties, createTimeMillis, updateTimeMillis);
  }
}
