package dev.kiln.runners.flink;

import dev.kiln.core.run.UserJars;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * The files a Flink cluster needs to run Kiln's jobs: one shaded jar with Kiln, Beam and their
 * libraries — the Flink job jar {@code kiln-flink-job.jar} when there is one from the same build, else
 * Kiln's own {@code cli/target/kiln.jar} (see {@link FlinkJobJar}) — plus the jars or class folders with
 * users' own steps, not the whole class path of the submitting process. Beam packs a class folder into
 * a jar when staging.
 */
public final class JobJars {
  /** A class every shaded Kiln jar holds and a thin one does not: Beam's SDK. */
  static final String SHADED_MARKER = "org/apache/beam/sdk/Pipeline.class";

  private JobJars() {}

  /**
   * When Kiln itself runs from its shaded jar (as {@code scripts/kiln} starts it): the job jar
   * {@link FlinkJobJar#choose} picks for it (the smaller Flink job jar, or that jar itself), then every
   * other entry of the class path ({@code scripts/kiln} puts exactly the examples jar and
   * {@code KILN_CLASSPATH} there).
   */
  public static List<Path> fromClassPath() {
    Path kiln = kilnCodeSource();
    if (kiln == null || !Files.isRegularFile(kiln)) {
      throw new FlinkUnavailableException("a Flink cluster runs Kiln's jobs from Kiln's shaded jar, but Kiln runs from "
          + (kiln == null ? "an unknown location" : "the class folder " + kiln) + "; start it with scripts/kiln"
          + " (cli/target/kiln.jar) or name the job jars explicitly");
    }
    List<Path> jars = new ArrayList<>();
    jars.add(FlinkJobJar.choose(kiln, System.getProperty(FlinkJobJar.PROPERTY)));
    jars.addAll(userCode());
    return checked(jars);
  }

  /**
   * The jars and class folders with users' code that a cluster or Dataflow needs beside Kiln's shaded
   * jar: when Kiln runs from that jar, every other entry of the class path ({@code scripts/kiln} puts
   * exactly the examples jar and {@code KILN_CLASSPATH} there); in any case the jars added with
   * {@code --jar} ({@link UserJars}). When Kiln runs from class folders (a build, an IDE) the class
   * path is Kiln's own and is not staged.
   */
  public static List<Path> userCode() {
    Set<Path> out = new LinkedHashSet<>();
    Path kiln = kilnCodeSource();
    if (kiln != null && Files.isRegularFile(kiln)) {
      for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
        // Kiln's own jar is on the class path too: it is staged as Kiln's jar, not as user code
        if (!entry.isBlank() && !Path.of(entry).toAbsolutePath().normalize().equals(kiln)) {
          out.add(Path.of(entry).toAbsolutePath().normalize());
        }
      }
    }
    out.addAll(UserJars.added());
    return List.copyOf(out);
  }

  /**
   * Checks the files to stage: each exists, and the first is a shaded Kiln jar. Duplicates are dropped,
   * order kept. A problem is a one-line {@link FlinkUnavailableException}.
   */
  public static List<Path> checked(List<Path> files) {
    if (files.isEmpty()) {
      throw new FlinkUnavailableException("no job jar to stage for the Flink cluster; name Kiln's shaded jar"
          + " (cli/target/kiln.jar, built by mvn package)");
    }
    Set<Path> out = new LinkedHashSet<>();
    for (Path f : files) {
      Path p = f.toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new FlinkUnavailableException("job jar " + p + " does not exist"
            + (p.getFileName().toString().startsWith("kiln") ? "; build it with mvn -DskipTests package" : ""));
      }
      out.add(p);
    }
    Path kiln = out.iterator().next();
    if (!isShadedKilnJar(kiln)) {
      throw new FlinkUnavailableException(kiln + " is not Kiln's shaded jar (it has no " + SHADED_MARKER
          + "); stage cli/target/kiln.jar, built by mvn -DskipTests package");
    }
    return List.copyOf(out);
  }

  static boolean isShadedKilnJar(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(SHADED_MARKER) != null && zip.getEntry("dev/kiln/runners/flink/FlinkBackend.class") != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path kilnCodeSource() {
    CodeSource source = JobJars.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
