package dev.kiln.core.artifact;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Makes Beam's {@link FileSystems} know the scheme of a URI before Kiln touches it outside a
 * running pipeline, and holds the file-system options every pipeline of this process starts from.
 *
 * <p>Beam registers its file systems (gs://, s3://, ...) only when pipeline options are set, which
 * a runner does when a pipeline starts. The local file system is always there, so local paths cost
 * nothing here; that keeps a fully cached run (which never starts a pipeline) fast. For other
 * schemes the registration happens once per JVM.
 *
 * <p>A runner re-registers the file systems with each pipeline's own options, so options that
 * matter to a file system (a storage endpoint, a credential factory, a project) must be in every
 * pipeline's options too: {@link #configure} sets them once, and backends build their options with
 * {@link #newOptions()}.
 */
public final class FileSystemSetup {
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][-a-zA-Z0-9+.]*)://");
  private static volatile boolean registered;
  private static volatile List<String> args = List.of();

  private FileSystemSetup() {}

  /**
   * Sets the Beam options (as {@code --name=value} arguments, e.g. {@code --gcsEndpoint=...}) that
   * file systems use in this process, and registers the file systems with them now.
   *
   * @throws IllegalArgumentException if Beam does not know an option
   */
  public static synchronized void configure(List<String> beamArgs) {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).create();
    args = List.copyOf(beamArgs);
    FileSystems.setDefaultPipelineOptions(options);
    registered = true;
  }

  /** The arguments last given to {@link #configure} (empty if never called). */
  public static List<String> configuredArgs() {
    return args;
  }

  /** New, independent pipeline options holding the {@linkplain #configure configured} file-system options. */
  public static PipelineOptions newOptions() {
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).create();
  }

  /** Ensures {@link FileSystems} can resolve {@code uri}; cheap after the first call. */
  public static void ensureFor(String uri) {
    Matcher m = SCHEME.matcher(uri);
    if (registered || !m.find() || m.group(1).equalsIgnoreCase("file")) {
      return;
    }
    synchronized (FileSystemSetup.class) {
      if (!registered) {
        FileSystems.registerFileSystemsOnce(newOptions());
        registered = true;
      }
    }
    try {
      FileSystems.matchNewResource(uri, uri.endsWith("/"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "no Beam file system for the scheme '" + m.group(1) + "' of " + uri
              + "; put its Beam extension on the classpath (for gs:// that is"
              + " beam-sdks-java-extensions-google-cloud-platform-core)", e);
    }
  }
}
