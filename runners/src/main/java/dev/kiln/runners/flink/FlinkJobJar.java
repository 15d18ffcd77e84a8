package dev.kiln.runners.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which jar carries Kiln's code to a Flink cluster. Kiln's own shaded jar ({@code cli/target/kiln.jar},
 * ~240 MB) would do, but every job uploads its jars to the cluster, so the build also makes
 * {@code kiln-flink-job.jar} (module flink-job, ~110 MB): the same Kiln and Beam code without Flink
 * (the cluster has it), the Dataflow runner and the metadata store's JDBC drivers.
 *
 * <p>That jar is used when it is named by the system property {@value #PROPERTY} (then it must exist
 * and match), or found next to Kiln's jar or in the build tree ({@code flink-job/target/} beside
 * {@code cli/target/}). Either way it must come from the same build as the running Kiln: every Kiln class
 * it holds must have the same bytes (CRC-32 and size, read from both jars' directories) as in Kiln's
 * jar, or the cluster would run other step code than the client planned. A found jar that does not
 * match (a partial rebuild) is passed over for Kiln's own jar, which is always right, only bigger.
 */
public final class FlinkJobJar {
  /** System property naming the job jar to stage instead of Kiln's own. */
  public static final String PROPERTY = "kiln.flink.jobJar";
  /** The file name the flink-job module builds. */
  public static final String FILE_NAME = "kiln-flink-job.jar";
  private static final String KILN_CLASSES = "dev/kiln/";

  private FlinkJobJar() {}

  /**
   * The jar to stage for Kiln's code when Kiln runs from {@code kilnJar}.
   *
   * @param named the value of {@value #PROPERTY}, or null/blank to look for the job jar
   * @throws FlinkUnavailableException when {@code named} does not exist or is from another build
   */
  public static Path choose(Path kilnJar, String named) {
    if (named != null && !named.isBlank()) {
      Path jar = Path.of(named).toAbsolutePath().normalize();
      if (!Files.isRegularFile(jar)) {
        throw new FlinkUnavailableException("the Flink job jar " + jar + " (-D" + PROPERTY + ") does not exist;"
            + " build it with mvn -DskipTests package");
      }
      String difference = differenceFrom(jar, kilnJar);
      if (difference != null) {
        throw new FlinkUnavailableException("the Flink job jar " + jar + " (-D" + PROPERTY + ") is from another build"
            + " than Kiln's " + kilnJar + " (" + difference + "); rebuild both with mvn -DskipTests package");
      }
      return jar;
    }
    for (Path candidate : candidates(kilnJar)) {
      if (Files.isRegularFile(candidate) && differenceFrom(candidate, kilnJar) == null) {
        return candidate;
      }
    }
    return kilnJar;
  }

  /** Next to Kiln's jar (an installed layout), then the build tree's flink-job/target/. */
  static List<Path> candidates(Path kilnJar) {
    List<Path> out = new ArrayList<>();
    Path dir = kilnJar.toAbsolutePath().normalize().getParent();
    if (dir == null) {
      return out;
    }
    out.add(dir.resolve(FILE_NAME));
    Path module = dir.getParent();
    if (dir.getFileName() != null && dir.getFileName().toString().equals("target") && module != null && module.getParent() != null) {
      out.add(module.getParent().resolve("flink-job").resolve("target").resolve(FILE_NAME));
    }
    return out;
  }

  /**
   * Null when every Kiln class in {@code jobJar} is in {@code kilnJar} with the same CRC-32 and size,
   * and {@code jobJar} holds Kiln classes at all; else what differs first.
   */
  static String differenceFrom(Path jobJar, Path kilnJar) {
    Map<String, long[]> kiln;
    try (ZipFile zip = new ZipFile(kilnJar.toFile())) {
      kiln = kilnClasses(zip);
    } catch (IOException e) {
      return "cannot read " + kilnJar + ": " + e.getMessage();
    }
    try (ZipFile zip = new ZipFile(jobJar.toFile())) {
      Map<String, long[]> job = kilnClasses(zip);
      if (job.isEmpty()) {
        return "it holds no Kiln classes";
      }
      for (Map.Entry<String, long[]> e : job.entrySet()) {
        long[] theirs = kiln.get(e.getKey());
        if (theirs == null) {
          return e.getKey() + " is not in Kiln's jar";
        }
        if (theirs[0] != e.getValue()[0] || theirs[1] != e.getValue()[1]) {
          return e.getKey() + " differs";
        }
      }
      return null;
    } catch (IOException e) {
      return "cannot read it: " + e.getMessage();
    }
  }

  /** name → {CRC-32, size} of the Kiln classes, from the zip's central directory (nothing is inflated). */
  private static Map<String, long[]> kilnClasses(ZipFile zip) {
    Map<String, long[]> out = new TreeMap<>(); // sorted: the first difference named is always the same
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (e.getName().startsWith(KILN_CLASSES) && e.getName().endsWith(".class")) {
        out.put(e.getName(), new long[] {e.getCrc(), e.getSize()});
      }
    }
    return out;
  }
}
