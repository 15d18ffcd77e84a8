package dev.kiln.core.artifact;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The {@link ManifestCommitter}s on the classpath, by scheme; loaded once per class loader. */
final class Committers {
  private static final Map<String, ManifestCommitter> BY_SCHEME = load();

  private Committers() {}

  static Optional<ManifestCommitter> forScheme(String scheme) {
    return Optional.ofNullable(BY_SCHEME.get(scheme.toLowerCase(java.util.Locale.ROOT)));
  }

  private static Map<String, ManifestCommitter> load() {
    Map<String, ManifestCommitter> map = new TreeMap<>();
    for (ManifestCommitter c : ServiceLoader.load(ManifestCommitter.class, Committers.class.getClassLoader())) {
      map.put(c.scheme().toLowerCase(java.util.Locale.ROOT), c);
    }
    return Map.copyOf(map);
  }
}
