package dev.kiln.core.api;

import dev.kiln.core.io.csv.CsvColumnType;
import java.util.List;
import java.util.Map;

/**
 * The {@code json} source step: JSON Lines or a JSON array of objects, types declared or inferred, bad
 * records to {@code rejected}. One {@code with…} method per setting of {@link dev.kiln.core.steps.JsonStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * SourceOutputs events = pipeline.add("events", Json.read("data/events.jsonl").withRequired("id"));
 * }</pre>
 */
public final class Json extends KilnStep<Json, SourceOutputs> {
  private Json(State state) {
    super(state);
  }

  /** Reads {@code path}: a file or glob, relative to the project folder. */
  public static Json read(String path) {
    return new Json(State.of("json", Map.of()).set("path", path));
  }

  /** Column types, in output order; inferred from JSON's own types when absent. */
  public Json withSchema(Map<String, CsvColumnType> schema) {
    return set("schema", RowTypes.names(schema));
  }

  /** Adds one declared column to the schema. */
  public Json withColumn(String column, CsvColumnType type) {
    return set("schema", RowTypes.add(settings().get("schema"), column, type));
  }

  /** Columns that must have a value. */
  public Json withRequired(String... columns) {
    return set("required", List.of(columns));
  }

  /** The largest share of rejected records that still succeeds (default 0). */
  public Json withMaxRejectedShare(double share) {
    return set("maxRejectedShare", share);
  }

  /** Records read to infer the schema. */
  public Json withSampleRows(int rows) {
    return set("sampleRows", rows);
  }

  @Override
  protected Json with(State next) {
    return new Json(next);
  }

  @Override
  protected SourceOutputs outputs(String stepName) {
    return new SourceOutputs(stepName);
  }
}
