package dev.kiln.runners.dataflow;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The jar Dataflow workers run: the shaded Kiln jar this process was started from. Staging one
 * self-contained jar (instead of the whole class path) is what makes a worker run exactly the Kiln
 * and the steps that planned the job.
 */
public final class StagedJar {
  private StagedJar() {}

  /** The jar holding this class, when Kiln runs from a jar (not from a build's class folders). */
  public static Optional<Path> current() {
    try {
      Path p = Path.of(StagedJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
