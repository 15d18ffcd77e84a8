package dev.kiln.runners.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real jar in a test, as a user would: Java sources compiled with the JDK's compiler against
 * the jars or folders holding the given classes, plus resources (e.g. {@code META-INF/services} files).
 * Its classes are on no class path of the test JVM, so only the mechanism under test can load them.
 */
public final class TestJars {
  private TestJars() {}

  /**
   * @param sources fully qualified class name to its source text
   * @param resources path inside the jar to its text
   * @param compileAgainst classes whose jar or folder the sources need
   */
  public static Path build(Path dir, String jarName, Map<String, String> sources, Map<String, String> resources,
      Class<?>... compileAgainst) throws IOException {
    Path src = Files.createDirectories(dir.resolve(jarName + "-src"));
    Path classes = Files.createDirectories(dir.resolve(jarName + "-classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-classpath", classPath(compileAgainst)));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("tests need a JDK (javax.tools has no compiler in this JRE)");
    }
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    if (javac.run(null, errors, errors, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the test jar's sources do not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, String> e : resources.entrySet()) {
      Path file = classes.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    Path jar = dir.resolve(jarName + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, (OutputStream) out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static String classPath(Class<?>... classes) {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : classes) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}
