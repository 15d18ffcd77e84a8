package dev.kiln.serving.deploy;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where the {@code deploy} step publishes a blessed model. A backend of its own (KServe, a cloud
 * endpoint) implements this and announces itself in
 * {@code META-INF/services/dev.kiln.serving.deploy.ServingBackend} of a jar on the class path; its
 * {@link #name()} is then a {@code backend:} of the step, which needs no change.
 */
public interface ServingBackend {
  /** The name a pipeline gives in {@code with: { backend: ... }}. */
  String name();

  /**
   * Publishes {@code modelJson} as a new version at {@code target} and makes it live atomically: a
   * server reading the target sees the old version or the new one, never a mix.
   *
   * @param target where, as the backend reads it (for {@code local}, an absolute folder)
   * @param options the pipeline options of the worker deploying (endpoints, credentials)
   * @return the version now live
   */
  String deploy(String modelJson, String target, PipelineOptions options);
}
