package dev.kiln.serving.deploy;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The serving backends on the class path, by name (ServiceLoader, like Kiln's other pluggable parts). */
public final class ServingBackends {
  private ServingBackends() {}

  /** Every backend by name. */
  public static Map<String, ServingBackend> all() {
    Map<String, ServingBackend> m = new TreeMap<>();
    for (ServingBackend b : ServiceLoader.load(ServingBackend.class, ServingBackends.class.getClassLoader())) {
      m.putIfAbsent(b.name(), b);
    }
    return m;
  }

  /** @throws IllegalArgumentException naming the known backends when there is none of that name */
  public static ServingBackend named(String name) {
    ServingBackend b = all().get(name);
    if (b == null) {
      throw new IllegalArgumentException("key 'backend': no serving backend named '" + name + "'; known are " + all().keySet()
          + " (a backend of your own is a dev.kiln.serving.deploy.ServingBackend announced in META-INF/services)");
    }
    return b;
  }
}
