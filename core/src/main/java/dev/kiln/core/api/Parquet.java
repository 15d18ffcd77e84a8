package dev.kiln.core.api;

import java.util.List;
import java.util.Map;

/**
 * The {@code parquet} source step: columns from the files' footers, records missing a required value to
 * {@code rejected}. One {@code with…} method per setting of {@link dev.kiln.core.steps.ParquetStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * SourceOutputs flights = pipeline.add("flights", Parquet.read("data/flights/*.parquet").withRequired("delay"));
 * }</pre>
 */
public final class Parquet extends KilnStep<Parquet, SourceOutputs> {
  private Parquet(State state) {
    super(state);
  }

  /** Reads {@code path}: a file or glob, relative to the project folder. */
  public static Parquet read(String path) {
    return new Parquet(State.of("parquet", Map.of()).set("path", path));
  }

  /** Columns that must have a value. */
  public Parquet withRequired(String... columns) {
    return set("required", List.of(columns));
  }

  /** The largest share of rejected records that still succeeds (default 0). */
  public Parquet withMaxRejectedShare(double share) {
    return set("maxRejectedShare", share);
  }

  @Override
  protected Parquet with(State next) {
    return new Parquet(next);
  }

  @Override
  protected SourceOutputs outputs(String stepName) {
    return new SourceOutputs(stepName);
  }
}
