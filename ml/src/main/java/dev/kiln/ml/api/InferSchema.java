package dev.kiln.ml.api;

import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import java.util.Map;

/**
 * The {@code schema} step: a schema inferred from statistics (types, domains, ranges), or a pinned schema
 * file. One {@code with…} method per setting of {@link dev.kiln.ml.schema.SchemaStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * InferSchema.Outputs schema = taxi.add("schema", InferSchema.of(stats.statistics()).withMaxDomainSize(30));
 * }</pre>
 */
public final class InferSchema extends KilnStep<InferSchema, InferSchema.Outputs> {
  /** The {@code schema} output. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.Schema> schema() {
      return port("schema");
    }
  }

  private InferSchema(State state) {
    super(state);
  }

  /** A schema from {@code statistics}. */
  public static InferSchema of(Port<Kind.Statistics> statistics) {
    return new InferSchema(State.of("schema", Map.of("statistics", statistics)));
  }

  /** A pinned schema file instead of an inferred one. */
  public InferSchema withPath(String path) {
    return set("path", path);
  }

  /** The split to infer from (default train). */
  public InferSchema withSplit(String split) {
    return set("split", split);
  }

  /** The most distinct values a string column may have to get a domain (default 20). */
  public InferSchema withMaxDomainSize(int values) {
    return set("maxDomainSize", values);
  }

  /** How far a numeric range is widened beyond the observed min and max (default 0.1; 0: as observed). */
  public InferSchema withRangeMargin(double margin) {
    return set("rangeMargin", margin);
  }

  @Override
  protected InferSchema with(State next) {
    return new InferSchema(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
