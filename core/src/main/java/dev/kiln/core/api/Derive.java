package dev.kiln.core.api;

import java.util.List;
import java.util.Map;

/**
 * The {@code derive} step: new columns from expressions (a comparison of a column with a constant, or a
 * UTC part of a timestamp), and columns to drop. One {@code with…} method per setting of {@link
 * dev.kiln.core.steps.DeriveStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * DatasetOutputs labeled = pipeline.add("label", Derive.of(data.examples())
 *     .withColumn("late", "delay > 15")
 *     .withColumn("hour", "hour(departure)")
 *     .withDrop("delay"));
 * }</pre>
 */
public final class Derive extends KilnStep<Derive, DatasetOutputs> {
  private Derive(State state) {
    super(state);
  }

  /** Derives columns of {@code examples} (every split). */
  public static Derive of(Port<Kind.Dataset> examples) {
    return new Derive(State.of("derive", Map.of("examples", examples)));
  }

  /** New column to expression, in output order (replaces those given before). */
  public Derive withColumns(Map<String, String> columns) {
    return set("columns", new java.util.LinkedHashMap<>(columns));
  }

  /** Adds one new column: {@code withColumn("late", "delay > 15")}. */
  public Derive withColumn(String column, String expression) {
    com.fasterxml.jackson.databind.node.ObjectNode columns = settings().get("columns") instanceof com.fasterxml.jackson.databind.node.ObjectNode o
        ? o.deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    columns.put(column, expression);
    return set("columns", columns);
  }

  /** Input columns to leave out of the output. */
  public Derive withDrop(String... columns) {
    return set("drop", List.of(columns));
  }

  @Override
  protected Derive with(State next) {
    return new Derive(next);
  }

  @Override
  protected DatasetOutputs outputs(String stepName) {
    return new DatasetOutputs(stepName);
  }
}
