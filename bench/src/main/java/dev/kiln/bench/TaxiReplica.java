package dev.kiln.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Benchmark data: a CSV file with the header of a source CSV once and its data rows repeated
 * {@code times} times (the taxi rows ×100 give 1M rows). Generated, never committed; a file that
 * already has the expected size is reused, so repeated benchmark runs do not rewrite 170 MB.
 */
public final class TaxiReplica {
  private TaxiReplica() {}

  /**
   * Writes (or reuses) {@code target}.
   *
   * @return the number of data rows in {@code target}
   * @throws BenchException when the source is missing or has no data rows
   */
  public static long write(Path source, int times, Path target) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1, was " + times);
    }
    if (!Files.isRegularFile(source)) {
      throw new BenchException("source CSV " + source + " does not exist");
    }
    try {
      byte[] all = Files.readAllBytes(source);
      int headerEnd = indexOf(all, (byte) '\n');
      if (headerEnd < 0 || headerEnd == all.length - 1) {
        throw new BenchException(source + ": expected a header line and data rows");
      }
      int bodyLength = all.length - headerEnd - 1;
      boolean endsWithNewline = all[all.length - 1] == '\n';
      long expectedSize = headerEnd + 1 + (long) times * (bodyLength + (endsWithNewline ? 0 : 1));
      long rows = countLines(all, headerEnd + 1, endsWithNewline) * times;
      if (Files.isRegularFile(target) && Files.size(target) == expectedSize) {
        return rows;
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path temp = target.resolveSibling(target.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        out.write(all, 0, headerEnd + 1);
        for (int i = 0; i < times; i++) {
          out.write(all, headerEnd + 1, bodyLength);
          if (!endsWithNewline) {
            out.write('\n');
          }
        }
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  // Counts physical lines; the taxi data has no quoted line breaks, which the row count check in the tests confirms.
  private static long countLines(byte[] bytes, int from, boolean endsWithNewline) {
    long n = 0;
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        n++;
      }
    }
    return endsWithNewline ? n : n + 1;
  }

  static String header(Path csv) throws IOException {
    try (var r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return r.readLine();
    }
  }
}
