package dev.kiln.core.steps;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.io.csv.CsvColumnType;
import dev.kiln.core.io.csv.CsvFormatException;
import dev.kiln.core.io.csv.CsvOptions;
import dev.kiln.core.io.csv.CsvRead;
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
 * {@code csv}: reads CSV files with a header row into a dataset. Column types are declared or inferred
 * (all nullable). Malformed rows go to the {@code rejected} output with file, line and reason; the step
 * fails, committing no {@code examples}, when more than {@code maxRejectedShare} of the rows are rejected.
 */
public final class CsvStep extends Step {
  /**
   * @param path a file or glob, relative to the project folder
   * @param delimiter one character, default ","
   * @param schema column name to type (long, double, string, boolean, timestamp) for some or all
   *     columns, first in the output in this order; the columns it leaves out are inferred
   * @param required columns that must have a value (a row missing one is rejected)
   * @param maxRejectedShare the largest share of rejected rows that still succeeds (default 0: none)
   * @param sampleRows rows read to infer the schema
   * @param encoding the files' charset (default UTF-8); bytes not valid in it reject their row
   * @param maxFieldBytes the longest field accepted (default 1 MiB); a longer one fails the step
   * @param maxHeaderBytes the longest header row accepted (default 1 MiB); a longer one fails the step
   */
  public record Config(
      @JsonProperty("path") String path,
      @JsonProperty("delimiter") String delimiter,
      @JsonProperty("schema") LinkedHashMap<String, String> schema,
      @JsonProperty("required") List<String> required,
      @JsonProperty("maxRejectedShare") Double maxRejectedShare,
      @JsonProperty("sampleRows") Integer sampleRows,
      @JsonProperty("encoding") String encoding,
      @JsonProperty("maxFieldBytes") Integer maxFieldBytes,
      @JsonProperty("maxHeaderBytes") Integer maxHeaderBytes) {
    public Config {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("path is missing: the CSV file or glob to read");
      }
      delimiter = delimiter == null ? "," : delimiter;
      if (delimiter.length() != 1) {
        throw new IllegalArgumentException("delimiter must be one character, not \"" + delimiter + "\"");
      }
      required = required == null ? List.of() : List.copyOf(required);
      maxRejectedShare = maxRejectedShare == null ? 0.0 : maxRejectedShare;
      sampleRows = sampleRows == null ? CsvOptions.DEFAULT_SAMPLE_ROWS : sampleRows;
      encoding = encoding == null ? "UTF-8" : encoding;
      maxFieldBytes = maxFieldBytes == null ? CsvOptions.DEFAULT_MAX_FIELD_BYTES : maxFieldBytes;
      maxHeaderBytes = maxHeaderBytes == null ? CsvOptions.DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes;
    }
  }

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "csv"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new CsvStep((Config) config); }
  };

  private final Config config;
  private final CsvOptions options;

  public CsvStep(Config config) {
    this.config = config;
    CsvOptions o = CsvOptions.defaults()
        .withDelimiter(config.delimiter().charAt(0))
        .withMaxRejectedShare(config.maxRejectedShare())
        .withSampleRows(config.sampleRows())
        .withMaxFieldBytes(config.maxFieldBytes())
        .withMaxHeaderBytes(config.maxHeaderBytes());
    try {
      o = o.withEncoding(config.encoding());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key 'with.encoding': " + e.getMessage());
    }
    if (config.schema() != null) {
      o = o.withSchema(declaredSchema(config));
    } else if (!config.required().isEmpty()) {
      throw new IllegalArgumentException("key 'with.required': declare the schema to mark columns required");
    }
    this.options = o;
  }

  private static Schema declaredSchema(Config config) {
    Schema.Builder b = Schema.builder();
    for (Map.Entry<String, String> col : config.schema().entrySet()) {
      CsvColumnType type;
      try {
        type = CsvColumnType.named(col.getValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key 'with.schema." + col.getKey() + "': " + e.getMessage());
      }
      Schema.FieldType ft = type.fieldType();
      b.addField(config.required().contains(col.getKey()) ? Schema.Field.of(col.getKey(), ft) : Schema.Field.nullable(col.getKey(), ft));
    }
    for (String r : config.required()) {
      if (!config.schema().containsKey(r)) {
        throw new IllegalArgumentException("key 'with.required': '" + r + "' is not a column of the declared schema");
      }
    }
    return b.build();
  }

  @Override
  public String type() {
    return "csv";
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
    CsvRead.Result read;
    String path = context.resolve(config.path());
    JsonRead.jsonLikeFile(path).ifPresent(file -> {
      throw SpecException.at(context.source(), context.stepName(), "with.path", file
          + " looks like JSON, not CSV (it starts with '[' or '{'): read it with 'uses: json'");
    });
    try {
      read = context.pipeline().apply(context.name("read"), CsvRead.from(path).withOptions(options));
    } catch (CsvFormatException e) {
      throw SpecException.at(context.source(), context.stepName(), "with." + e.setting().orElse("path"), e.getMessage());
    } catch (RuntimeException e) {
      throw SpecException.at(context.source(), context.stepName(), "with.path", e.getMessage());
    }
    return Map.of("examples", read.asDataset(), "rejected", DatasetRows.of(read.rejected()));
  }
}
