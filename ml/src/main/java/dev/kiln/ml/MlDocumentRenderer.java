package dev.kiln.ml;

import dev.kiln.core.artifact.DocumentRenderer;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.model.TrainingMetrics;
import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.schema.FeatureSchema;
import dev.kiln.ml.schema.SchemaJson;
import dev.kiln.ml.stats.StatisticsReport;
import dev.kiln.ml.transform.TransformGraph;
import dev.kiln.ml.validate.AnomaliesReport;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kiln show} text for the ML documents that have no renderer of their own package: statistics,
 * schema, anomalies, transform graph and model (metrics, blessings and push results are drawn by
 * the evaluate and push packages).
 */
public final class MlDocumentRenderer implements DocumentRenderer {
  @Override
  public Set<String> kinds() {
    return Set.of(ArtifactKind.STATISTICS, ArtifactKind.SCHEMA, ArtifactKind.ANOMALIES, ArtifactKind.TRANSFORM_GRAPH,
        ArtifactKind.MODEL);
  }

  @Override
  public String render(String kind, String json) {
    return switch (kind) {
      case ArtifactKind.STATISTICS -> StatisticsReport.render(json);
      case ArtifactKind.ANOMALIES -> AnomaliesReport.render(json);
      case ArtifactKind.TRANSFORM_GRAPH -> TransformGraph.fromJson(json).describe();
      case ArtifactKind.SCHEMA -> schema(SchemaJson.fromJson(json, "schema"));
      case ArtifactKind.MODEL -> model(ModelDocument.fromJson(json));
      default -> throw new IllegalArgumentException("not an ML document kind: " + kind);
    };
  }

  private static String schema(DataSchema schema) {
    StringBuilder sb = new StringBuilder();
    for (FeatureSchema f : schema.features()) {
      sb.append(String.format(Locale.ROOT, "%-24s %-8s %-9s", f.name(), f.type(), Boolean.TRUE.equals(f.required()) ? "required" : "optional"));
      if (f.domain() != null) {
        sb.append(" domain ").append(f.domain());
      }
      if (f.range() != null) {
        sb.append(" range [").append(f.range().min()).append(", ").append(f.range().max()).append(']');
      }
      sb.append('\n');
    }
    return sb.toString().stripTrailing();
  }

  private static String model(ModelDocument m) {
    TrainingMetrics t = m.training();
    StringBuilder sb = new StringBuilder();
    sb.append(m.task().jsonName()).append(' ').append(m.algorithm().jsonName()).append(" model of '").append(m.label())
        .append("', trained ").append(m.backend()).append(" with ").append(m.library().name())
        .append(m.library().version() == null ? "" : " " + m.library().version()).append('\n');
    sb.append(m.features().size()).append(" features")
        .append(m.oneHot().isEmpty() ? "" : " (" + m.layout().termCount() + " terms; one-hot " + m.oneHot() + ")")
        .append(m.classes().isEmpty() ? "" : ", classes " + m.classes())
        .append(", hyperparameters ").append(m.hyperparameters()).append('\n');
    sb.append("training: ").append(t.rows()).append(" rows");
    append(sb, "loss", t.loss());
    append(sb, "accuracy", t.accuracy());
    append(sb, "auc", t.auc());
    append(sb, "rmse", t.rmse());
    if (t.iterations() != null) {
      sb.append("  iterations ").append(t.iterations());
    }
    if (t.passes() != null) {
      sb.append("  passes ").append(t.passes()).append(Boolean.TRUE.equals(t.converged()) ? "  converged" : "  not converged");
    }
    sb.append('\n').append(m.transformGraph() == null ? "applies no TransformGraph" : "applies the TransformGraph it was trained with");
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, Double value) {
    if (value != null) {
      sb.append("  ").append(name).append(' ').append(String.format(Locale.ROOT, "%.4f", value));
    }
  }
}
