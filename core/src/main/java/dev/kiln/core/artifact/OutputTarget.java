package dev.kiln.core.artifact;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where and how {@link DatasetWriter} writes one dataset port of one execution.
 *
 * @param uri the artifact directory, normally {@link ArtifactStore#datasetUri}
 * @param format the file format
 * @param pipeline producer: pipeline name (recorded in the manifest)
 * @param step producer: step name
 * @param port producer: output port name
 * @param executionId producer: the execution's id in the metadata store
 * @param numShards files per split; 0 lets the runner decide
 */
public record OutputTarget(
    String uri, DatasetFormat format, String pipeline, String step, String port, long executionId, int numShards)
    implements Serializable {

  public OutputTarget {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(port, "port");
    if (numShards < 0) {
      throw new IllegalArgumentException("numShards must be >= 0 (0 = runner decides), was " + numShards);
    }
  }

  /** A target whose shard count the runner decides. */
  public OutputTarget(String uri, DatasetFormat format, String pipeline, String step, String port, long executionId) {
    this(uri, format, pipeline, step, port, executionId, 0);
  }

  /** A copy that writes exactly {@code n} files per split (0 = runner decides). */
  public OutputTarget withNumShards(int n) {
    return new OutputTarget(uri, format, pipeline, step, port, executionId, n);
  }

  /** A copy in another format. */
  public OutputTarget withFormat(DatasetFormat f) {
    return new OutputTarget(uri, f, pipeline, step, port, executionId, numShards);
  }

  /** "step.port", as used in transform and counter names. */
  public String label() {
    return step + "." + port;
  }
}
