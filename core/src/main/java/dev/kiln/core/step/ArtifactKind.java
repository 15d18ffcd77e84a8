package dev.kiln.core.step;

/**
 * The kinds of artifact a port carries (DESIGN.md's artifact types). A Dataset is rows in files; every
 * other kind is one JSON document ({@link Document}). Steps may define kinds of their own: a kind is
 * just a name that both ends of a connection must agree on.
 */
public final class ArtifactKind {
  private ArtifactKind() {}

  public static final String DATASET = "Dataset";
  public static final String STATISTICS = "Statistics";
  public static final String SCHEMA = "Schema";
  public static final String ANOMALIES = "Anomalies";
  public static final String TRANSFORM_GRAPH = "TransformGraph";
  public static final String MODEL = "Model";
  public static final String METRICS = "Metrics";
  public static final String BLESSING = "Blessing";

  /** Whether artifacts of this kind are documents (everything but a Dataset). */
  public static boolean isDocument(String kind) {
    return !DATASET.equals(kind);
  }
}
