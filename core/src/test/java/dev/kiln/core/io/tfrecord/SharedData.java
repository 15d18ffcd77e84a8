package dev.kiln.core.io.tfrecord;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's shared data folder (README there): {@code -Dkiln.data}, or a {@code shared/data} above the working directory. */
final class SharedData {
  private SharedData() {}

  static Path root() {
    String configured = System.getProperty("kiln.data");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data");
      if (Files.isDirectory(candidate.resolve("taxi"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared data folder not found above " + Path.of("").toAbsolutePath() + "; pass -Dkiln.data=/path/to/shared/data");
  }
}
