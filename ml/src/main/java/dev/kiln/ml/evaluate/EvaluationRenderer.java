package dev.kiln.ml.evaluate;

import dev.kiln.core.artifact.DocumentRenderer;
import dev.kiln.core.step.ArtifactKind;
import java.util.Set;

/** Shows Metrics ({@link MetricsReport}) and Blessing ({@link BlessingReport}) documents in {@code kiln show}. */
public final class EvaluationRenderer implements DocumentRenderer {
  @Override
  public Set<String> kinds() {
    return Set.of(ArtifactKind.METRICS, ArtifactKind.BLESSING);
  }

  @Override
  public String render(String kind, String json) {
    return kind.equals(ArtifactKind.METRICS) ? MetricsReport.render(json) : BlessingReport.render(json);
  }
}
