package dev.kiln.runners.gcp;

import dev.kiln.core.spec.SpecException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where Kiln reaches Google Cloud: the project and the service endpoints, turned into the Beam
 * options every pipeline and the artifact store use.
 *
 * <p>An endpoint on plain {@code http://} is an emulator or a local test server: Kiln then sends no
 * credentials at all (a bearer token must never travel unencrypted, and an emulator needs none).
 * Google's own endpoints are HTTPS and get Application Default Credentials.
 *
 * @param project the Google Cloud project id, or null to let Beam find it (gcloud config)
 * @param gcsEndpoint the Cloud Storage JSON API, e.g. {@code http://localhost:4443/storage/v1/}; null for Google's
 * @param dataflowEndpoint the Dataflow API root, e.g. {@code http://localhost:8089/}; null for Google's
 */
public record GcpSettings(String project, String gcsEndpoint, String dataflowEndpoint) {
  /** Environment variable for {@link #gcsEndpoint}. */
  public static final String GCS_ENDPOINT_ENV = "KILN_GCS_ENDPOINT";
  /** Environment variable for {@link #dataflowEndpoint}. */
  public static final String DATAFLOW_ENDPOINT_ENV = "KILN_DATAFLOW_ENDPOINT";
  /** The environment variable Google's tools use for the project. */
  public static final String PROJECT_ENV = "GOOGLE_CLOUD_PROJECT";

  public GcpSettings {
    checkEndpoint("GCS endpoint", gcsEndpoint);
    checkEndpoint("Dataflow endpoint", dataflowEndpoint);
  }

  /** Google's endpoints, the project from gcloud's configuration. */
  public static GcpSettings defaults() {
    return new GcpSettings(null, null, null);
  }

  /** From {@value #GCS_ENDPOINT_ENV}, {@value #DATAFLOW_ENDPOINT_ENV} and {@value #PROJECT_ENV}. */
  public static GcpSettings fromEnvironment(Map<String, String> env) {
    return new GcpSettings(blankToNull(env.get(PROJECT_ENV)), blankToNull(env.get(GCS_ENDPOINT_ENV)),
        blankToNull(env.get(DATAFLOW_ENDPOINT_ENV)));
  }

  public GcpSettings withProject(String p) {
    return new GcpSettings(p, gcsEndpoint, dataflowEndpoint);
  }

  public GcpSettings withGcsEndpoint(String e) {
    return new GcpSettings(project, e, dataflowEndpoint);
  }

  public GcpSettings withDataflowEndpoint(String e) {
    return new GcpSettings(project, gcsEndpoint, e);
  }

  /** True when an endpoint is a local, unencrypted server: no credentials are used then. */
  public boolean local() {
    return isPlainHttp(gcsEndpoint) || isPlainHttp(dataflowEndpoint);
  }

  /** These settings as Beam options ({@code --name=value}). */
  public List<String> beamArgs() {
    List<String> args = new ArrayList<>();
    if (project != null) {
      args.add("--project=" + project);
    }
    if (gcsEndpoint != null) {
      args.add("--gcsEndpoint=" + gcsEndpoint);
    }
    if (dataflowEndpoint != null) {
      args.add("--dataflowEndpoint=" + dataflowEndpoint);
    }
    if (local()) {
      args.add("--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory");
    }
    return args;
  }

  static boolean isPlainHttp(String url) {
    return url != null && url.regionMatches(true, 0, "http://", 0, 7);
  }

  private static void checkEndpoint(String what, String url) {
    if (url == null) {
      return;
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new SpecException(what + " '" + url + "' is not a URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null
        || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
      throw new SpecException(what + " '" + url + "' must be an http:// or https:// URL with a host");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
