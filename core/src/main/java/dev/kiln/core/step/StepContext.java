package dev.kiln.core.step;

import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;

/**
 * What a step sees while it expands: the Beam pipeline of its stage, its own name (use it to prefix
 * transform names, since several steps share one pipeline) and the project folder that relative
 * paths are resolved against, and the pipeline's source (a file name) for error messages.
 */
public record StepContext(Pipeline pipeline, String stepName, Path projectDir, String source) {

  /** A path from the pipeline description, resolved against the project folder unless it is absolute or a URI. */
  public String resolve(String path) {
    return resolve(projectDir, path);
  }

  /** {@code path} against {@code projectDir}, unless it is absolute or a URI ({@code gs://...}). */
  public static String resolve(Path projectDir, String path) {
    if (path.contains("://") || Path.of(path).isAbsolute()) {
      return path;
    }
    return projectDir.resolve(path).normalize().toString();
  }

  /** A unique Beam transform name for this step. */
  public String name(String suffix) {
    return stepName + "/" + suffix;
  }
}
