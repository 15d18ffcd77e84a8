package dev.kiln.core.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the project's shared data folder ({@code shared/data}), which lies beside the
 * repository (CI: {@code ../shared}; a git worktree may be nested deeper, so every ancestor of
 * the module directory is tried). Tests fail rather than skip when it is missing, so a CI
 * without the data cannot pass silently.
 */
public final class SharedData {
  private SharedData() {}

  /** The path of {@code relative} (e.g. {@code taxi/csv/data.csv}) inside shared/data. */
  public static Path file(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/data/" + relative + " not found beside the repository or any folder above "
            + Path.of("").toAbsolutePath());
  }
}
