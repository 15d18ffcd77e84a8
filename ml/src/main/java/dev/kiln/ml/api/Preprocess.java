package dev.kiln.ml.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import dev.kiln.ml.transform.DeriveConfig;
import java.util.List;
import java.util.Map;

/**
 * The {@code preprocess} step: a TransformGraph fitted on one split and applied to every split. One
 * {@code with…} method per setting of {@link dev.kiln.ml.transform.PreprocessConfig}; a column's
 * transformation is a {@link Feature}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * Preprocess.Outputs preprocess = taxi.add("preprocess", Preprocess.of(label.examples())
 *     .withPassthrough("big_tipper")
 *     .withFeature("fare", Feature.of().withImputeMean().withStandardize())
 *     .withFeature("payment_type", Feature.of().withVocabulary(10, 1).withOneHot()));
 * }</pre>
 */
public final class Preprocess extends KilnStep<Preprocess, Preprocess.Outputs> {
  /** The {@code examples} (transformed, same splits) and {@code graph} outputs. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.Dataset> examples() {
      return port("examples");
    }

    public Port<Kind.TransformGraph> graph() {
      return port("graph");
    }
  }

  private Preprocess(State state) {
    super(state);
  }

  /** Fits on a split of {@code examples} (train by default) and transforms every split. */
  public static Preprocess of(Port<Kind.Dataset> examples) {
    return new Preprocess(State.of("preprocess", Map.of("examples", examples)));
  }

  /** The split the graph is fitted on (default train). */
  public Preprocess withFitOn(String split) {
    return set("fitOn", split);
  }

  /** Columns copied unchanged (a label, an id). */
  public Preprocess withPassthrough(String... columns) {
    return set("passthrough", List.of(columns));
  }

  /** Columns computed before the features, by name (replaces those given before). */
  public Preprocess withDerive(Map<String, DeriveConfig> derive) {
    return set("derive", new java.util.TreeMap<>(derive));
  }

  /** Every feature by column (replaces those given before). */
  public Preprocess withFeatures(Map<String, Feature> features) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    new java.util.TreeMap<>(features).forEach((column, f) -> node.set(column, f.settings()));
    return set("features", node);
  }

  /** Adds the feature of one column. */
  public Preprocess withFeature(String column, Feature feature) {
    ObjectNode node = settings().get("features") instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    node.set(column, feature.settings());
    return set("features", node);
  }

  @Override
  protected Preprocess with(State next) {
    return new Preprocess(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
