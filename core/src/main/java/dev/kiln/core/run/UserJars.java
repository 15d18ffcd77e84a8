package dev.kiln.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Jars (or class folders) with users' code that are added while Kiln runs ({@code --jar}), beside those
 * on the JVM's class path ({@code KILN_CLASSPATH}). Adding them makes a class loader over them, child
 * of the current context class loader, the context class loader of this thread; threads started
 * afterwards (Beam's workers, stage threads) inherit it. Everything that finds users' code looks there:
 * step types and {@link BackendProvider}s ({@link java.util.ServiceLoader}), {@code transform} classes,
 * Beam's deserialization of users' functions. Backends that send code elsewhere (a Flink cluster,
 * Dataflow workers) stage {@link #added()} with Kiln's jar.
 *
 * <p>Example of use: {@code UserJars.add(List.of(Path.of("build/my-steps.jar")))} before the pipeline is
 * loaded.
 */
public final class UserJars {
  /** The name of the class loaders this makes; {@link #added()} reads their files back. */
  private static final String LOADER_NAME = "kiln-user-jars";

  private UserJars() {}

  /**
   * Adds {@code jars} for this thread and the threads it starts from now on.
   *
   * @throws IllegalArgumentException naming the first file that does not exist
   * @return the class loader that now holds them (the thread's context class loader)
   */
  public static ClassLoader add(List<Path> jars) {
    Set<Path> present = new LinkedHashSet<>(added());
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      Path p = jar.toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("--jar " + jar + ": no such file; name a jar or a folder of classes with your steps");
      }
      if (Files.isRegularFile(p) && !isZip(p)) {
        throw new IllegalArgumentException("--jar " + jar + ": not a jar (no zip header); name a jar or a folder of classes");
      }
      if (present.add(p)) {
        urls.add(url(p));
      }
    }
    Thread current = Thread.currentThread();
    ClassLoader parent = current.getContextClassLoader() != null ? current.getContextClassLoader() : UserJars.class.getClassLoader();
    if (urls.isEmpty()) {
      return parent;
    }
    ClassLoader loader = new URLClassLoader(LOADER_NAME, urls.toArray(URL[]::new), parent);
    current.setContextClassLoader(loader);
    return loader;
  }

  /**
   * The files added for this thread (read from its context class loader and that loader's parents), in
   * the order they were added, as absolute paths. A thread whose context class loader is reset no
   * longer has them.
   */
  public static List<Path> added() {
    List<List<Path>> byLoader = new ArrayList<>();
    for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader u && LOADER_NAME.equals(u.getName())) {
        List<Path> files = new ArrayList<>();
        for (URL url : u.getURLs()) {
          try {
            files.add(Path.of(url.toURI()));
          } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("not a file: " + url, e);
          }
        }
        byLoader.add(0, files); // parents were added first
      }
    }
    List<Path> out = new ArrayList<>();
    byLoader.forEach(out::addAll);
    return out;
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL(); // a folder's URI ends with '/', as URLClassLoader wants
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("--jar " + p + ": " + e.getMessage(), e);
    }
  }

  private static boolean isZip(Path p) {
    try (var in = Files.newInputStream(p)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K';
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}
