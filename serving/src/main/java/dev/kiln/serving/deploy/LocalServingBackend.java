package dev.kiln.serving.deploy;

import dev.kiln.serving.ServingFolder;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * {@code local}: a {@link ServingFolder} on this machine's disk, which {@code kiln serve FOLDER} serves
 * and follows. A deploy adds a version folder (create-only, as push does) and switches {@code LIVE} to
 * it with an atomic rename.
 */
public final class LocalServingBackend implements ServingBackend {
  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String deploy(String modelJson, String target, PipelineOptions options) {
    if (target.contains("://") && !target.startsWith("file://")) {
      throw new IllegalArgumentException("the local serving backend deploys to a folder on this machine, not " + target);
    }
    return ServingFolder.at(Path.of(target.replaceFirst("^file://", ""))).publish(modelJson).version();
  }
}
