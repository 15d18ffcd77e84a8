package dev.kiln.serving;

import dev.kiln.ml.push.ModelDestination;
import dev.kiln.ml.push.PushedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A local folder of model versions as {@code push} writes them ({@code 000001/model.json},
 * {@code 000002/model.json}, ...), plus a {@code LIVE} file naming the version to serve. Without
 * {@code LIVE} (a plain push destination) the newest version is live.
 *
 * <p>Switching is atomic: {@code LIVE} is written to a hidden temporary file and renamed over the old
 * one, so a server reading it sees the old version or the new one, never a half-written name; and a
 * version's {@code model.json} is complete before it can be named (push moves it into place).
 *
 * <p>Example of use:
 * <pre>{@code
 * ServingFolder folder = ServingFolder.at(Path.of("serving/taxi"));
 * PushedModel v = folder.publish(modelJson);   // a new version, and live
 * folder.rollback();                           // the version before it is live again
 * }</pre>
 */
public final class ServingFolder {
  /** The file naming the live version. */
  public static final String LIVE_FILE = "LIVE";

  private final Path root;
  private final ModelDestination versions;

  private ServingFolder(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.versions = ModelDestination.at(this.root.toString());
  }

  public static ServingFolder at(Path root) {
    return new ServingFolder(root);
  }

  public Path root() {
    return root;
  }

  /** Every version, oldest first. */
  public List<PushedModel> versions() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    return versions.versions();
  }

  /** The version named {@code version} ({@code 3} and {@code 000003} alike), if it exists. */
  public Optional<PushedModel> version(String version) {
    long n;
    try {
      n = Long.parseLong(version);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return versions().stream().filter(v -> v.number() == n).findFirst();
  }

  /** The version {@code LIVE} names, or the newest when there is no {@code LIVE}; empty when there is no version. */
  public Optional<PushedModel> live() {
    List<PushedModel> all = versions();
    Optional<String> named = liveName();
    if (named.isPresent()) {
      Optional<PushedModel> v = all.stream().filter(m -> m.version().equals(named.get())).findFirst();
      if (v.isPresent()) {
        return v;
      }
      // LIVE names a version that is gone (deleted by hand): fall back to the newest rather than serve nothing
    }
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  private Optional<String> liveName() {
    try {
      return Optional.of(Files.readString(root.resolve(LIVE_FILE), StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve(LIVE_FILE), e);
    }
  }

  /** The model document of a version. */
  public String read(PushedModel version) {
    return versions.read(version);
  }

  /**
   * Adds {@code modelJson} as a new version (or finds it as the newest, when it is already there) and
   * makes it live.
   */
  public PushedModel publish(String modelJson) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the serving folder " + root, e);
    }
    PushedModel v = versions.push(modelJson).model();
    switchTo(v);
    return v;
  }

  /** Makes {@code version} live, atomically. */
  public void switchTo(PushedModel version) {
    Path temp = root.resolve("." + LIVE_FILE + "-" + UUID.randomUUID() + ".tmp");
    try {
      Files.writeString(temp, version.version() + "\n", StandardCharsets.UTF_8);
      Files.move(temp, root.resolve(LIVE_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot switch " + root + " to version " + version.version(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // a leftover hidden temp file is not a version and names nothing
      }
    }
  }

  /**
   * Makes the version before the live one live.
   *
   * @return the version now live
   * @throws IllegalStateException when the live version is the oldest (or there is none)
   */
  public PushedModel rollback() {
    PushedModel live = live().orElseThrow(() -> new IllegalStateException(root + " holds no model version to roll back from"));
    PushedModel previous = null;
    for (PushedModel v : versions()) {
      if (v.number() < live.number()) {
        previous = v;
      }
    }
    if (previous == null) {
      throw new IllegalStateException("version " + live.version() + " is the oldest in " + root + "; there is none to roll back to");
    }
    switchTo(previous);
    return previous;
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
