package dev.kiln.serving.deploy;

import dev.kiln.core.artifact.DocumentRenderer;
import java.util.Set;

/** Shows a {@link Deployment} in {@code kiln show}. */
public final class DeploymentRenderer implements DocumentRenderer {
  @Override
  public Set<String> kinds() {
    return Set.of(Deployment.KIND);
  }

  @Override
  public String render(String kind, String json) {
    Deployment d = Deployment.parse(json);
    return (d.deployed()
        ? "deployed to " + d.target() + " (" + d.backend() + "): version " + d.version() + " live since " + d.liveSince()
        : "not deployed (" + d.reason() + ")")
        + "\nmodel sha256 " + d.modelFingerprint() + "\n";
  }
}
