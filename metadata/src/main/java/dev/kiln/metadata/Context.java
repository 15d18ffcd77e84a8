package dev.kiln.metadata;

import java.util.Map;

/**
 * A context groups artifacts and executions: a pipeline, or one run of it.
 * Its name is unique within its type.
 */
public record Context(
    long id,
    String type,
    String name,
    Map<String, Object> properties,
    long createTimeMillis,
    long updateTimeMillis) {

  public Context {
    properties = Map.copyOf(MetadataStore.checkProperties(properties));
  }

  public static Context create(String type, String name, Map<String, Object> properties) {
    return new Context(0, type, name, properties, 0, 0);
  }

  public String stringProperty(String key) {
    Object v = properties.get(key);
    return v == null ? null : v.toString();
  }

  public Long longProperty(String key) {
    Object v = properties.get(key);
    return v instanceof Long l ? l : null;
  }

  public Context withProperties(Map<String, Object> newProperties) {
    return new Context(id, type, name, newProperties, createTimeMillis, updateTimeMillis);
  }

  public Context withId(long newId) {
    return new Context(newId, type, name, properties, createTimeMillis, updateTimeMillis);
  }
}
