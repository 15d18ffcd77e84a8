package dev.kiln.core.artifact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Makes Beam's {@link FileSystems} know the scheme of a URI before Kiln touches it outside a
 * running pipeline.
 *
 * <p>Beam registers its file systems (gs://, s3://, ...) only when pipeline options are set, which
 * a runner does when a pipeline starts. The local file system is always there, so local paths cost
 * nothing here; that keeps a fully cached run (which never starts a pipeline) fast. For other
 * schemes the registration happens once per JVM and never replaces options a runner already set
 * (they may carry credentials or a project).
 */
public final class FileSystemSetup {
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][-a-zA-Z0-9+.]*)://");
  private static volatile boolean registered;

  private FileSystemSetup() {}

  /** Ensures {@link FileSystems} can resolve {@code uri}; cheap after the first call. */
  public static void ensureFor(String uri) {
    Matcher m = SCHEME.matcher(uri);
    if (registered || !m.find() || m.group(1).equalsIgnoreCase("file")) {
      return;
    }
    synchronized (FileSystemSetup.class) {
      if (!registered) {
        FileSystems.registerFileSystemsOnce(PipelineOptionsFactory.create());
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
