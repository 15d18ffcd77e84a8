package dev.kiln.runners.gcp;

import com.google.auth.Credentials;
import dev.kiln.core.spec.SpecException;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Application Default Credentials, as Beam finds them for a pipeline. Kiln never logs, prints or
 * stores a credential; the error for a missing one says only what to do.
 */
public final class GcpCredentials {
  /** What to do when no credentials are found. */
  public static final String MISSING = "no Google Cloud credentials found (Application Default Credentials);"
      + " run 'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS to the path of a"
      + " service-account key file, or run where a service account is attached (Compute Engine, GKE, Dataflow)";

  private GcpCredentials() {}

  /**
   * The credentials of {@code options} (Beam's credential factory: ADC by default).
   *
   * @throws MissingCredentialsException with {@link #MISSING} when there are none
   */
  public static Credentials require(PipelineOptions options) {
    Credentials c;
    try {
      c = options.as(GcpOptions.class).getGcpCredential();
    } catch (RuntimeException e) {
      // Beam wraps the factory's failure; its message names the problem, never the secret
      throw new MissingCredentialsException(MISSING + " (" + rootMessage(e) + ")");
    }
    if (c == null) {
      throw new MissingCredentialsException(MISSING);
    }
    return c;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse(""));
  }

  /** No credentials could be found; the message says how to provide them (a user error: exit code 2). */
  public static final class MissingCredentialsException extends SpecException {
    private static final long serialVersionUID = 1L;

    MissingCredentialsException(String message) {
      super(message);
    }
  }
}
