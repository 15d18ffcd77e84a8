package dev.kiln.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;

/**
 * Keeps sqlite-jdbc from unpacking its native library on every start.
 *
 * <p>sqlite-jdbc copies its ~1 MB native library out of its jar into the temp folder (and checks
 * it) each time a JVM first uses it, which costs about 150 ms of every {@code kiln} command. This
 * class unpacks it once into {@code ~/.cache/kiln/} (a folder per sqlite-jdbc version) and
 * points sqlite-jdbc at that copy through its documented {@code org.sqlite.lib.path} and
 * {@code org.sqlite.lib.name} properties. It does nothing when those are already set, when
 * {@code -Dkiln.sqlite.nativeCache=false}, on platforms it does not recognise, or on any error:
 * sqlite-jdbc then loads its library the usual way.
 */
final class SqliteNativeLibrary {
  private static final String LIB_PATH = "org.sqlite.lib.path";
  private static final String LIB_NAME = "org.sqlite.lib.name";
  private static boolean done;

  private SqliteNativeLibrary() {}

  /** Call before the first SQLite connection; cheap after the first call. */
  static synchronized void useCachedCopy() {
    if (done) {
      return;
    }
    done = true;
    if (System.getProperty(LIB_PATH) != null || System.getProperty(LIB_NAME) != null
        || "false".equals(System.getProperty("kiln.sqlite.nativeCache"))) {
      return;
    }
    try {
      String platform = platformFolder();
      String version = sqliteJdbcVersion();
      if (platform == null || version == null) {
        return;
      }
      String libName = System.mapLibraryName("sqlitejdbc");
      String resource = "/org/sqlite/native/" + platform + "/" + libName;
      Path dir = cacheRoot().resolve("sqlite-jdbc-" + version).resolve(platform);
      Path lib = dir.resolve(libName);
      if (!Files.isRegularFile(lib)) {
        extract(resource, dir, lib);
      }
      System.setProperty(LIB_PATH, dir.toString());
      System.setProperty(LIB_NAME, libName);
    } catch (IOException | RuntimeException e) {
      // Not fatal: sqlite-jdbc falls back to unpacking into the temp folder itself.
    }
  }

  /** Written under a temporary name and moved into place, so a crash never leaves half a library. */
  private static void extract(String resource, Path dir, Path lib) throws IOException {
    try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " in sqlite-jdbc");
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "lib", ".tmp");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("kiln");
  }

  /** sqlite-jdbc's folder name for this platform, or null where detection needs sqlite-jdbc's own logic. */
  private static String platformFolder() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String cpu = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> null;
    };
    if (cpu == null) {
      return null;
    }
    if (os.startsWith("linux")) {
      // musl (Alpine) and Android builds live in other folders; leave those to sqlite-jdbc.
      boolean musl = Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")) || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
      boolean android = System.getProperty("java.vm.vendor", "").toLowerCase(Locale.ROOT).contains("android");
      return musl || android ? null : "Linux/" + cpu;
    }
    if (os.startsWith("mac")) {
      return "Mac/" + cpu;
    }
    if (os.startsWith("windows")) {
      return "Windows/" + cpu;
    }
    return null;
  }

  private static String sqliteJdbcVersion() throws IOException {
    try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(
        "/META-INF/maven/org.xerial/sqlite-jdbc/pom.properties")) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }
}
