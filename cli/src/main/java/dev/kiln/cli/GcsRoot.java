package dev.kiln.cli;

import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.runners.gcp.GcpCredentials;
import dev.kiln.runners.gcp.GcpSettings;

/**
 * Prepares a {@code gs://} artifact root: Beam's file systems get the endpoint and project from the
 * environment ($KILN_GCS_ENDPOINT, $GOOGLE_CLOUD_PROJECT), and unless the endpoint is a local
 * server, Application Default Credentials must be there (a clear error now instead of a 401 later).
 */
final class GcsRoot {
  private GcsRoot() {}

  static void configure(String artifactRoot) {
    if (!artifactRoot.startsWith("gs://")) {
      return;
    }
    if (!FileSystemSetup.configuredArgs().isEmpty()) {
      return; // already set up by this run's options (--runner dataflow: --gcp-project, --gcs-endpoint)
    }
    GcpSettings gcp = GcpSettings.fromEnvironment(System.getenv());
    FileSystemSetup.configure(gcp.beamArgs());
    if (!gcp.local()) {
      GcpCredentials.require(FileSystemSetup.newOptions());
    }
  }
}
