package dev.kiln.core.api;

/**
 * The kinds of artifact a {@link Port} carries, as types, so that wiring a port of one kind to an
 * input of another is a compile error in Java (the resolver checks the same for YAML). They mirror
 * {@link dev.kiln.core.step.ArtifactKind}.
 *
 * <p>Example of use: {@code Port<Kind.Model> model = train.model();}
 */
public interface Kind {
  /** Rows in files (Avro or TFRecord), optionally in named splits. */
  interface Dataset extends Kind {}

  /** Statistics of a dataset, per split. */
  interface Statistics extends Kind {}

  /** The expected shape of the data. */
  interface Schema extends Kind {}

  /** What validation found. */
  interface Anomalies extends Kind {}

  /** A fitted feature transformation. */
  interface TransformGraph extends Kind {}

  /** A trained model. */
  interface Model extends Kind {}

  /** Evaluation metrics, overall and by slice. */
  interface Metrics extends Kind {}

  /** Whether a model passed its thresholds. */
  interface Blessing extends Kind {}

  /** Where a model was pushed. */
  interface PushResult extends Kind {}
}
