package dev.kiln.core.artifact;

import dev.kiln.core.fingerprint.Sha256;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Small file operations on Beam {@link FileSystems}, shared by the store and the writer's workers. */
final class ArtifactFiles {
  private ArtifactFiles() {}

  /** The resource {@code relativePath} ('/'-separated) below the directory {@code dir}. */
  static ResourceId resolve(ResourceId dir, String relativePath) {
    String[] parts = relativePath.split("/");
    ResourceId r = dir;
    for (int i = 0; i < parts.length - 1; i++) {
      r = r.resolve(parts[i], StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return r.resolve(parts[parts.length - 1], StandardResolveOptions.RESOLVE_FILE);
  }

  /** Metadata of {@code file}, or empty if it does not exist. Never treats the name as a glob. */
  static Optional<MatchResult.Metadata> stat(ResourceId file) throws IOException {
    MatchResult result = FileSystems.matchResources(List.of(file)).get(0);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return Optional.empty();
    }
    List<MatchResult.Metadata> metadata = result.metadata(); // throws the match's IOException, if any
    return metadata.isEmpty() ? Optional.empty() : Optional.of(metadata.get(0));
  }

  /** Every file below the directory {@code dir}, at any depth; empty when there is none (or no directory). */
  static List<MatchResult.Metadata> listRecursively(ResourceId dir) {
    try {
      MatchResult result = FileSystems.match(dir.toString() + "**", org.apache.beam.sdk.io.fs.EmptyMatchTreatment.ALLOW);
      if (result.status() == MatchResult.Status.NOT_FOUND) {
        return List.of();
      }
      return result.metadata();
    } catch (FileNotFoundException | NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** All bytes of {@code file}, or empty if it does not exist. */
  static Optional<byte[]> readIfExists(ResourceId file) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return Optional.of(in.readAllBytes());
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes {@code bytes} as {@code file} (replacing it if the file system does so). */
  static void write(ResourceId file, byte[] bytes, String mimeType) throws IOException {
    try (WritableByteChannel out = FileSystems.create(file, mimeType)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
  }

  /** Hex SHA-256 of the content of {@code file}. */
  static String sha256(ResourceId file) throws IOException {
    MessageDigest sha = Sha256.newDigest();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    try (ReadableByteChannel in = FileSystems.open(file)) {
      while (in.read(buffer) >= 0) {
        buffer.flip();
        sha.update(buffer);
        buffer.clear();
      }
    }
    return Sha256.hex(sha);
  }
}
