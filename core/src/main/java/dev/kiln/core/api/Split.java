package dev.kiln.core.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The {@code split} step: named splits by ratio, decided by a hash of a key column or of the whole row.
 * One {@code with…} method per setting of {@link dev.kiln.core.steps.SplitStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * DatasetOutputs split = taxi.add("split", Split.of(data.examples())
 *     .withKey("trip_start_timestamp")
 *     .withRatio("train", 0.8)
 *     .withRatio("eval", 0.2));
 * Port<Kind.Dataset> train = split.examples().split("train");
 * }</pre>
 */
public final class Split extends KilnStep<Split, DatasetOutputs> {
  private Split(State state) {
    super(state);
  }

  /** Splits {@code examples}; without {@link #withKey} by a hash of the whole row. */
  public static Split of(Port<Kind.Dataset> examples) {
    return new Split(State.of("split", Map.of("examples", examples)));
  }

  /** The column whose value decides the split: rows with equal values land in the same split. */
  public Split withKey(String column) {
    return set("key", column);
  }

  /** Adds a split and its share; the shares must add up to 1. */
  public Split withRatio(String split, double share) {
    ObjectNode ratios = settings().get("ratios") instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    ratios.put(split, share);
    return set("ratios", ratios);
  }

  /** Every split and its share (replaces those given before). */
  public Split withRatios(Map<String, Double> ratios) {
    return set("ratios", new java.util.TreeMap<>(ratios));
  }

  @Override
  protected Split with(State next) {
    return new Split(next);
  }

  @Override
  protected DatasetOutputs outputs(String stepName) {
    return new DatasetOutputs(stepName);
  }

  // The untyped form of earlier releases, kept for code written against it.

  /** Untyped: splits by a hash of {@code column}; finish with {@link #ratios} and add with an input. */
  public static Split byHash(String column) {
    return new Split(State.of("split", Map.of())).withKey(column);
  }

  /** Untyped: splits by a hash of the whole row. */
  public static Split byRow() {
    return new Split(State.of("split", Map.of()));
  }

  /** Untyped: names and ratios in pairs, {@code ratios("train", 0.8, "eval", 0.2)}; prefer {@link #of} and {@link #withRatio}. */
  public StepDefinition ratios(Object... nameRatioPairs) {
    if (nameRatioPairs.length == 0 || nameRatioPairs.length % 2 != 0) {
      throw new IllegalArgumentException("ratios take pairs of split name and ratio");
    }
    Split s = this;
    for (int i = 0; i < nameRatioPairs.length; i += 2) {
      s = s.withRatio((String) nameRatioPairs[i], ((Number) nameRatioPairs[i + 1]).doubleValue());
    }
    return s.definition();
  }
}
