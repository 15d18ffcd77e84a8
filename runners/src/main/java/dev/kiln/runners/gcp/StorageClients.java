package dev.kiln.runners.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Cloud Storage clients made from a pipeline's options: the same endpoint ({@code --gcsEndpoint})
 * and credentials Beam's GcsFileSystem uses. One client per pipeline options instance, since a
 * client holds connections and a credential.
 */
public final class StorageClients {
  private static final Map<Long, Storage> CLIENTS = new ConcurrentHashMap<>();

  private StorageClients() {}

  /** The client for {@code options}; no credentials when the endpoint is plain http (a local server). */
  public static Storage forOptions(PipelineOptions options) {
    return CLIENTS.computeIfAbsent(options.getOptionsId(), id -> create(options.as(GcsOptions.class)));
  }

  private static Storage create(GcsOptions options) {
    StorageOptions.Builder b = StorageOptions.http();
    String endpoint = options.getGcsEndpoint();
    if (endpoint != null && !endpoint.isBlank()) {
      URI uri = URI.create(endpoint);
      b.setHost(uri.getScheme() + "://" + uri.getAuthority());
    }
    if (GcpSettings.isPlainHttp(endpoint)) {
      b.setCredentials(NoCredentials.getInstance());
      b.setProjectId(options.getProject() == null ? "local" : options.getProject());
    } else {
      b.setCredentials(GcpCredentials.require(options));
      if (options.getProject() != null) {
        b.setProjectId(options.getProject());
      }
    }
    return b.build().getService();
  }
}
