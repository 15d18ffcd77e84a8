package dev.kiln.core.api;

import dev.kiln.core.io.csv.CsvColumnType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code csv} source step: CSV files with a header row, types declared or inferred, malformed rows
 * to the {@code rejected} output. One {@code with…} method per setting of {@link
 * dev.kiln.core.steps.CsvStep.Config}; unset settings take its defaults.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * SourceOutputs data = taxi.add("data", Csv.read("examples/data/taxi.csv")
 *     .withColumn("trip_start_timestamp", CsvColumnType.TIMESTAMP)
 *     .withRequired("fare")
 *     .withMaxRejectedShare(0.01));
 * taxi.add("split", Split.of(data.examples()).withRatio("train", 0.8).withRatio("eval", 0.2));
 * }</pre>
 */
public final class Csv extends KilnStep<Csv, SourceOutputs> {
  private Csv(State state) {
    super(state);
  }

  /** Reads {@code path}: a file or glob, relative to the project folder. */
  public static Csv read(String path) {
    return new Csv(State.of("csv", Map.of()).set("path", path));
  }

  /** The field delimiter (default {@code ,}). */
  public Csv withDelimiter(char delimiter) {
    return set("delimiter", String.valueOf(delimiter));
  }

  /** Column types for some or all columns, first in the output in this order; the others are inferred. */
  public Csv withSchema(Map<String, CsvColumnType> schema) {
    return set("schema", RowTypes.names(schema));
  }

  /** Adds one declared column to the schema (after those declared before). */
  public Csv withColumn(String column, CsvColumnType type) {
    return set("schema", RowTypes.add(settings().get("schema"), column, type));
  }

  /** Declared columns that must have a value; a row missing one is rejected. */
  public Csv withRequired(String... columns) {
    return set("required", List.of(columns));
  }

  /** The largest share of rejected rows that still succeeds (default 0: none). */
  public Csv withMaxRejectedShare(double share) {
    return set("maxRejectedShare", share);
  }

  /** Rows read to infer the types of the columns not declared. */
  public Csv withSampleRows(int rows) {
    return set("sampleRows", rows);
  }

  /** The files' charset (default UTF-8); bytes not valid in it reject their row. */
  public Csv withEncoding(String charset) {
    return set("encoding", charset);
  }

  /** The longest field accepted (default 1 MiB); a longer one fails the step. */
  public Csv withMaxFieldBytes(int bytes) {
    return set("maxFieldBytes", bytes);
  }

  /** The longest header row accepted (default 1 MiB). */
  public Csv withMaxHeaderBytes(int bytes) {
    return set("maxHeaderBytes", bytes);
  }

  @Override
  protected Csv with(State next) {
    return new Csv(next);
  }

  @Override
  protected SourceOutputs outputs(String stepName) {
    return new SourceOutputs(stepName);
  }
}
