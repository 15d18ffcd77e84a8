package dev.kiln.ml.push;

import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.artifact.ManifestCommitter;
import dev.kiln.core.spec.CanonicalJson;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A folder (local, or any Beam {@link FileSystems} URI) that blessed models are pushed to, one
 * numbered version folder each: {@code <destination>/000001/model.json}, {@code 000002/...}.
 *
 * <p>Versions are increasing integers, zero-padded to six digits so that they also sort as text; like
 * TensorFlow Serving's version folders, the highest number is the current model, and it is what an
 * {@code evaluate} step's baseline reads. (A fingerprint prefix would name the content but not say
 * which version is newest.) A version is never overwritten and two pushes never share a number, also
 * when they run at the same time: each version is created create-only, and a push that finds its
 * number taken takes the next one.
 *
 * <ul>
 *   <li>On a local disk the model is written to a hidden temporary file, the version folder is claimed
 *       by creating it (which fails if another push claimed it first) and the file is renamed into it.
 *   <li>On a scheme with a create-only {@link ManifestCommitter} ({@code gs://}: an upload with
 *       {@code ifGenerationMatch=0}), {@code <version>/model.json} is created in one request that the
 *       storage service refuses when the object exists.
 *   <li>Other schemes have neither; the version is checked to be free just before a rename, so two
 *       pushes racing to one destination are not supported there.
 * </ul>
 *
 * <p>A folder without {@code model.json} (a push that died) is not a version.
 */
public final class ModelDestination {
  /** The model file in each version folder. */
  public static final String MODEL_FILE = "model.json";
  private static final Pattern VERSION = Pattern.compile("\\d{1,18}");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][-a-zA-Z0-9+.]*://");

  private final String root;

  private ModelDestination(String root) {
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  /** The destination at {@code root}: an absolute local path or a URI. */
  public static ModelDestination at(String root) {
    return new ModelDestination(root);
  }

  /** The glob of every version's model file (for a cache key). */
  public static String modelPattern(String root) {
    return at(root).root + "/*/" + MODEL_FILE;
  }

  /** Every version, oldest first. */
  public List<PushedModel> versions() {
    FileSystemSetup.ensureFor(root);
    List<PushedModel> versions = new ArrayList<>();
    try {
      MatchResult r = FileSystems.match(modelPattern(root), EmptyMatchTreatment.ALLOW);
      if (r.status() == MatchResult.Status.NOT_FOUND) {
        return versions;
      }
      for (MatchResult.Metadata m : r.metadata()) {
        String uri = m.resourceId().toString();
        String dir = uri.substring(0, uri.length() - MODEL_FILE.length() - 1);
        String name = dir.substring(dir.lastIndexOf('/') + 1);
        if (VERSION.matcher(name).matches()) {
          versions.add(new PushedModel(name, Long.parseLong(name), uri));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the pushed models in " + root, e);
    }
    versions.sort(Comparator.comparingLong(PushedModel::number));
    return versions;
  }

  /** The highest version, if any. */
  public Optional<PushedModel> newest() {
    List<PushedModel> v = versions();
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  /** The text of a pushed model. */
  public String read(PushedModel model) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(model.uri(), false)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pushed model " + model.uri(), e);
    }
  }

  /**
   * Pushes {@code modelJson} as the next version, or returns the newest version when it already holds
   * exactly this model (a retried or repeated push does not add a copy).
   *
   * @return the version holding the model and whether this call wrote it
   */
  public Pushed push(String modelJson) {
    return push(modelJson, FileSystemSetup.newOptions());
  }

  /**
   * {@link #push(String)} with the pipeline options of the worker that pushes (the storage service's
   * endpoint and credentials for a create-only upload).
   */
  public Pushed push(String modelJson, PipelineOptions options) {
    Optional<PushedModel> newest = newest();
    String sha = CanonicalJson.sha256(modelJson);
    if (newest.isPresent() && sha.equals(CanonicalJson.sha256(read(newest.get())))) {
      return new Pushed(newest.get(), false);
    }
    long next = newest.map(m -> m.number() + 1).orElse(1L);
    Optional<ManifestCommitter> createOnly = isLocal() ? Optional.empty() : committerFor(root);
    if (createOnly.isPresent()) {
      return new Pushed(createOnly(createOnly.get(), modelJson.getBytes(StandardCharsets.UTF_8), next, options), true);
    }
    ResourceId temp = FileSystems.matchNewResource(root + "/." + MODEL_FILE + "-" + UUID.randomUUID() + ".tmp", false);
    try {
      write(temp, modelJson.getBytes(StandardCharsets.UTF_8));
      PushedModel target = isLocal() ? claimLocal(temp, next) : renameIfFree(temp, next);
      return new Pushed(target, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot push the model to " + root, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** The outcome of {@link #push}. */
  public record Pushed(PushedModel model, boolean written) {}

  private boolean isLocal() {
    return !SCHEME.matcher(root).find() || root.startsWith("file://");
  }

  private PushedModel claimLocal(ResourceId temp, long first) throws IOException {
    Path base = Path.of(root.startsWith("file://") ? root.substring("file://".length()) : root);
    for (long n = first; ; n++) {
      String version = name(n);
      try {
        Files.createDirectory(base.resolve(version));
      } catch (FileAlreadyExistsException e) {
        continue; // claimed by another push (or a dead one): take the next number
      }
      Path target = base.resolve(version).resolve(MODEL_FILE);
      Files.move(Path.of(temp.toString().replaceFirst("^file://", "")), target, StandardCopyOption.ATOMIC_MOVE);
      return new PushedModel(version, n, target.toString());
    }
  }

  private PushedModel createOnly(ManifestCommitter committer, byte[] model, long first, PipelineOptions options) {
    for (long n = first; ; n++) {
      String version = name(n);
      String uri = root + "/" + version + "/" + MODEL_FILE;
      try {
        if (committer.createIfAbsent(uri, model, "application/json", options)) {
          return new PushedModel(version, n, uri);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot push the model to " + uri, e);
      }
      // another push created this version first: take the next number
    }
  }

  /** The create-only writer of {@code uri}'s scheme, found like the artifact store's manifest committers. */
  private static Optional<ManifestCommitter> committerFor(String uri) {
    String scheme = uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT);
    for (ManifestCommitter c : ServiceLoader.load(ManifestCommitter.class, ModelDestination.class.getClassLoader())) {
      if (c.scheme().equalsIgnoreCase(scheme)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private PushedModel renameIfFree(ResourceId temp, long n) throws IOException {
    String version = name(n);
    String uri = root + "/" + version + "/" + MODEL_FILE;
    ResourceId target = FileSystems.matchNewResource(uri, false);
    if (!FileSystems.match(List.of(uri)).get(0).status().equals(MatchResult.Status.NOT_FOUND)) {
      throw new IOException("version " + version + " appeared in " + root + " while pushing; push again");
    }
    FileSystems.rename(List.of(temp), List.of(target));
    return new PushedModel(version, n, uri);
  }

  /** A version number as a folder name: six digits, more when needed. */
  static String name(long n) {
    return String.format("%06d", n);
  }

  private static void write(ResourceId file, byte[] bytes) throws IOException {
    try (WritableByteChannel out = FileSystems.create(file, "application/json")) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
  }

  private static void deleteQuietly(ResourceId file) {
    try {
      FileSystems.delete(List.of(file), org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (FileNotFoundException e) {
      // already renamed
    } catch (IOException e) {
      // a leftover hidden temp file is harmless: it is not a version
    }
  }
}
