package dev.kiln.core.artifact;

import java.io.IOException;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Writes a manifest file with a create-only guarantee, for a storage scheme whose rename is not
 * atomic (object stores copy, then delete). Implementations are found with {@link
 * java.util.ServiceLoader} by {@link #scheme()}; a scheme without one commits by write-then-rename.
 */
public interface ManifestCommitter {
  /** The URI scheme this committer handles, e.g. {@code gs}. */
  String scheme();

  /**
   * Creates {@code fileUri} with {@code content} only if no file of that name exists; the check and
   * the write are one atomic operation of the storage service.
   *
   * @param options the pipeline's options (endpoints, project, credentials)
   * @return true if this call created the file, false if one already existed (nothing was written)
   * @throws IOException if the storage service fails
   */
  boolean createIfAbsent(String fileUri, byte[] content, String contentType, PipelineOptions options) throws IOException;
}
