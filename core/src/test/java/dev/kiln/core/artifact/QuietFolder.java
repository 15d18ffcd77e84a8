package dev.kiln.core.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * For tests of failing jobs: the DirectRunner throws at the first failed bundle while bundles
 * already started may still be writing their staging files. Asserting on (or letting JUnit delete)
 * the folder before they stop races them; JUnit then fails with "Failed to close extension context".
 */
final class QuietFolder {
  private QuietFolder() {}

  /** Waits until the files below {@code dir} stay the same for half a second (at most 20 s). */
  static void await(Path dir) throws IOException {
    await(dir, 500, 20_000);
  }

  /** Waits until the files below {@code dir} (names and sizes) stay the same for {@code quietMillis}. */
  static void await(Path dir, long quietMillis, long maxMillis) throws IOException {
    long deadline = System.currentTimeMillis() + maxMillis;
    String last = snapshot(dir);
    long stableSince = System.currentTimeMillis();
    while (System.currentTimeMillis() - stableSince < quietMillis) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("files below " + dir + " still changing after " + maxMillis + " ms: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      String now = snapshot(dir);
      if (!now.equals(last)) {
        last = now;
        stableSince = System.currentTimeMillis();
      }
    }
  }

  private static String snapshot(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted().toList()) {
        sb.append(dir.relativize(f)).append(':');
        try {
          sb.append(Files.isRegularFile(f) ? Files.size(f) : -1).append('\n');
        } catch (NoSuchFileException gone) {
          sb.append("gone\n");
        }
      }
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return "walking raced a delete";
      }
      throw e;
    }
    return sb.toString();
  }

}
