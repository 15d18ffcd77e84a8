package dev.kiln.ml.push;

import dev.kiln.core.artifact.DocumentRenderer;
import java.util.Set;

/** Shows a {@link PushResult} in {@code kiln show} as one line. */
public final class PushResultRenderer implements DocumentRenderer {
  @Override
  public Set<String> kinds() {
    return Set.of(PushResult.KIND);
  }

  @Override
  public String render(String kind, String json) {
    PushResult r = PushResult.parse(json);
    String where = r.version() == null ? r.destination() : r.destination() + "/" + r.version();
    return (r.pushed() ? "pushed to " + where : "not pushed (" + r.reason() + ")" + (r.version() == null ? "" : "; current version " + where))
        + "\nmodel sha256 " + r.modelFingerprint() + "\n";
  }
}
