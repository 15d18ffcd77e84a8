package dev.kiln.core.steps;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.io.SourceRows;
import dev.kiln.core.io.csv.CsvColumnType;
import dev.kiln.core.io.json.JsonRead;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;

/**
 * {@code json}: reads JSON Lines files or JSON arrays of objects into a dataset, with the settings and
 * outputs of {@code csv}: a declared or inferred schema (long, double, string, boolean; all nullable
 * but the {@code required} columns), malformed records to {@code rejected}, and a failed step beyond
 * {@code maxRejectedShare}.
 */
public final class JsonStep extends Step {
  /**
   * @param path a file or glob, relative to the project folder
   * @param schema column to type (long, double, string, boolean), in output order; inferred when absent
   * @param required columns that must have a value
   * @param maxRejectedShare the largest share of rejected records that still succeeds (default 0)
   * @param sampleRows records read to infer the schema
   */
  public record Config(
      @JsonProperty("path") String path,
      @JsonProperty("schema") LinkedHashMap<String, String> schema,
      @JsonProperty("required") List<String> required,
      @JsonProperty("maxRejectedShare") Double maxRejectedShare,
      @JsonProperty("sampleRows") Integer sampleRows) {
    public Config {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("path is missing: the JSON file or glob to read");
      }
      required = required == null ? List.of() : List.copyOf(required);
      maxRejectedShare = maxRejectedShare == null ? 0.0 : maxRejectedShare;
      sampleRows = sampleRows == null ? JsonRead.DEFAULT_SAMPLE_ROWS : sampleRows;
    }
  }

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "json"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new JsonStep((Config) config); }
  };

  private final Config config;

  public JsonStep(Config config) {
    this.config = config;
    read("."); // checks the settings now, when the pipeline is resolved
  }

  private JsonRead read(String path) {
    JsonRead read = JsonRead.from(path).withRequired(config.required())
        .withMaxRejectedShare(config.maxRejectedShare()).withSampleRows(config.sampleRows());
    if (config.schema() != null) {
      Schema.Builder b = Schema.builder();
      config.schema().forEach((column, type) -> {
        CsvColumnType t;
        try {
          t = CsvColumnType.named(type);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("key 'with.schema." + column + "': " + e.getMessage().replace("CSV ", ""));
        }
        b.addField(t.field(column, config.required().contains(column)));
      });
      read = read.withSchema(b.build());
    }
    return read;
  }

  @Override
  public String type() {
    return "json";
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
      read = context.pipeline().apply(context.name("read"), read(context.resolve(config.path())));
    } catch (RuntimeException e) {
      throw SpecException.at(context.source(), context.stepName(), "with.path", e.getMessage());
    }
    return Map.of("examples", read.asDataset(), "rejected", DatasetRows.of(read.rejected()));
  }
}
