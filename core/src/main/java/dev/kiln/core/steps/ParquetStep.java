package dev.kiln.core.steps;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.io.SourceRows;
import dev.kiln.core.io.parquet.ParquetRead;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.List;
import java.util.Map;

/**
 * {@code parquet}: reads Parquet files into a dataset. The columns and their types come from the
 * files (all nullable but the {@code required} columns); a record with no value in a required column
 * goes to {@code rejected}, and beyond {@code maxRejectedShare} the step fails, as for {@code csv}.
 */
public final class ParquetStep extends Step {
  /**
   * @param path a file or glob, relative to the project folder
   * @param required columns that must have a value
   * @param maxRejectedShare the largest share of rejected records that still succeeds (default 0)
   */
  public record Config(
      @JsonProperty("path") String path,
      @JsonProperty("required") List<String> required,
      @JsonProperty("maxRejectedShare") Double maxRejectedShare) {
    public Config {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("path is missing: the Parquet file or glob to read");
      }
      required = required == null ? List.of() : List.copyOf(required);
      maxRejectedShare = maxRejectedShare == null ? 0.0 : maxRejectedShare;
      if (!(maxRejectedShare >= 0.0 && maxRejectedShare <= 1.0)) {
        throw new IllegalArgumentException("maxRejectedShare must be within [0, 1], got " + maxRejectedShare);
      }
    }
  }

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "parquet"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new ParquetStep((Config) config); }
  };

  private final Config config;

  public ParquetStep(Config config) {
    this.config = config;
  }

  @Override
  public String type() {
    return "parquet";
  }

  @Override
  public List<String> inputPorts() {
    return List.of();
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("examples", List.of(DatasetRows.UNSPLIT), "rejected", List.of(DatasetRows.UNSPLIT));
  }

  /** {@code in: { examples: data }} reads the rows, not the rejected ones. */
  @Override
  public String mainOutput() {
    return "examples";
  }

  @Override
  public List<String> externalInputs() {
    return List.of(config.path());
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    SourceRows read;
    try {
      read = context.pipeline().apply(context.name("read"), ParquetRead.from(context.resolve(config.path()))
          .withRequired(config.required()).withMaxRejectedShare(config.maxRejectedShare()));
    } catch (RuntimeException e) {
      throw SpecException.at(context.source(), context.stepName(), "with.path", e.getMessage());
    }
    return Map.of("examples", read.asDataset(), "rejected", DatasetRows.of(read.rejected()));
  }
}
