package dev.kiln.core.run;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backends a run may use: Kiln's built-ins ({@code direct}, {@code flink}, {@code dataflow}, made
 * by the runners module) plus every {@link BackendProvider} found by {@link ServiceLoader} through the
 * thread's context class loader, so that jars added with {@code --jar} are searched too. Looked up
 * afresh on each call: a backend found in a jar added after start-up is found.
 */
public final class BackendProviders {
  /** The backends every build of Kiln has. */
  public static final Set<String> BUILT_IN = Set.of("direct", "flink", "dataflow");

  private BackendProviders() {}

  /** Every backend name a step or {@code --runner} may give, sorted. */
  public static Set<String> names() {
    Set<String> names = new TreeSet<>(BUILT_IN);
    names.addAll(found().keySet());
    return Collections.unmodifiableSet(names);
  }

  /** The provider of a backend that is not built in. */
  public static Optional<BackendProvider> named(String name) {
    return Optional.ofNullable(found().get(name));
  }

  private static Map<String, BackendProvider> found() {
    Map<String, BackendProvider> byName = new TreeMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class, loader != null ? loader : BackendProviders.class.getClassLoader())) {
      String name = p.name();
      if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("backend provider " + p.getClass().getName() + " has the name '" + name
            + "'; use letters, digits, '_' and '-'");
      }
      if (!BUILT_IN.contains(name)) { // a built-in cannot be replaced
        BackendProvider other = byName.putIfAbsent(name, p);
        if (other != null && !other.getClass().equals(p.getClass())) {
          throw new IllegalArgumentException("two backend providers are named '" + name + "': " + other.getClass().getName()
              + " and " + p.getClass().getName() + "; remove one jar from the class path");
        }
      }
    }
    return byName;
  }
}
