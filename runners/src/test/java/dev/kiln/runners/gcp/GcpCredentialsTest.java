package dev.kiln.runners.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.auth.Credentials;
import dev.kiln.core.spec.SpecException;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.extensions.gcp.auth.CredentialFactory;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class GcpCredentialsTest {
  /** Beam's factory returns null exactly like this when Application Default Credentials are not found. */
  public static final class NoCredentialsFound implements CredentialFactory {
    public static NoCredentialsFound fromOptions(PipelineOptions o) {
      return new NoCredentialsFound();
    }

    @Override
    public Credentials getCredential() {
      return null;
    }
  }

  @Test
  void missingCredentialsForGoogleEndpointsAreAOneLineErrorSayingHowToProvideThem() {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(
        "--credentialFactoryClass=" + NoCredentialsFound.class.getName(), "--project=p",
        "--gcsEndpoint=https://storage.example.invalid/storage/v1/").create();
    GcpCredentials.MissingCredentialsException e =
        assertThrows(GcpCredentials.MissingCredentialsException.class, () -> StorageClients.forOptions(options));
    assertEquals(GcpCredentials.MISSING, e.getMessage());
    assertTrue(e.getMessage().contains("gcloud auth application-default login"));
    assertTrue(e.getMessage().contains("GOOGLE_APPLICATION_CREDENTIALS"));
    assertEquals(1, e.getMessage().lines().count());
    assertTrue(e instanceof SpecException, "a user error (exit code 2), not a crash");
  }

  @Test
  void aPlainHttpEndpointIsALocalServerAndGetsNoCredentialsAtAll() {
    GcpSettings local = new GcpSettings("p", "http://127.0.0.1:4443/storage/v1/", null);
    assertTrue(local.local());
    assertTrue(local.beamArgs().contains("--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory"));
    GcpSettings google = new GcpSettings("p", null, null);
    assertFalse(google.local());
    assertEquals(List.of("--project=p"), google.beamArgs(), "Google's endpoints use Application Default Credentials");
  }

  @Test
  void settingsComeFromTheEnvironmentAndBadEndpointsAreNamed() {
    GcpSettings s = GcpSettings.fromEnvironment(Map.of("KILN_GCS_ENDPOINT", "http://localhost:1/storage/v1/",
        "GOOGLE_CLOUD_PROJECT", "proj"));
    assertEquals(new GcpSettings("proj", "http://localhost:1/storage/v1/", null), s);
    SpecException e = assertThrows(SpecException.class, () -> new GcpSettings(null, "localhost:4443", null));
    assertEquals("GCS endpoint 'localhost:4443' must be an http:// or https:// URL with a host", e.getMessage());
  }
}
