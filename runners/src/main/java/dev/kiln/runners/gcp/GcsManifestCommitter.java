package dev.kiln.runners.gcp;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.kiln.core.artifact.ManifestCommitter;
import java.io.IOException;
import java.net.HttpURLConnection;
import org.apache.beam.sdk.extensions.gcp.util.gcsfs.GcsPath;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Commits manifests on {@code gs://} with a create-only upload: the Cloud Storage client sends
 * {@code ifGenerationMatch=0}, so the service itself refuses a second object of the same name and,
 * of two writers racing for one artifact, exactly one commits. (Beam's rename on GCS is a copy and
 * a delete, which two writers could both complete.)
 */
public final class GcsManifestCommitter implements ManifestCommitter {
  @Override
  public String scheme() {
    return "gs";
  }

  @Override
  public boolean createIfAbsent(String fileUri, byte[] content, String contentType, PipelineOptions options) throws IOException {
    GcsPath path = GcsPath.fromUri(fileUri);
    Storage storage = StorageClients.forOptions(options);
    BlobInfo blob = BlobInfo.newBuilder(BlobId.of(path.getBucket(), path.getObject())).setContentType(contentType).build();
    try {
      storage.create(blob, content, Storage.BlobTargetOption.doesNotExist());
      return true;
    } catch (StorageException e) {
      if (e.getCode() == HttpURLConnection.HTTP_PRECON_FAILED) {
        return false; // another writer's object is there: we lost
      }
      throw new IOException("cannot create " + fileUri + ": " + e.getMessage(), e);
    }
  }
}
