package dev.kiln.ml.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.StatisticsJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code schema}: the Schema of a dataset, inferred from its statistics or pinned in a file.
 *
 * <pre>{@code
 * schema: { uses: schema, in: { statistics: stats.statistics } }                       # inferred from train
 * schema: { uses: schema, in: { statistics: stats.statistics }, with: { split: eval, maxDomainSize: 50 } }
 * schema: { uses: schema, with: { path: schema.json } }                                 # pinned
 * }</pre>
 *
 * <p>Inferred ({@link SchemaInference}) from one split of the Statistics document: {@code split}, or
 * {@code train} when there is one, or the only split. Pinned: the file (relative to the project) is
 * read, checked — a malformed file is a one-line error naming the file, the JSON path and the feature —
 * and emitted in canonical form; the file is an external input, so editing it reruns the step. A
 * connected {@code statistics} input is then not used.
 */
public final class SchemaStep extends Step {
  /** The step type name. */
  public static final String TYPE = "schema";
  /** The split inferred from when {@code split} is not set and there is more than one. */
  public static final String DEFAULT_SPLIT = "train";

  /**
   * @param path a pinned schema file (JSON, see {@link SchemaJson}); null to infer
   * @param split the split to infer from; default {@code train}, or the only split
   * @param maxDomainSize largest distinct count of a string feature that gets a domain (default 20)
   * @param rangeMargin share of a numeric feature's observed width added to each side of its range
   *     (default {@link SchemaInference#DEFAULT_RANGE_MARGIN}; 0: the observed min and max); negative
   *     infers no ranges
   */
  public record Config(
      @JsonProperty("path") String path,
      @JsonProperty("split") String split,
      @JsonProperty("maxDomainSize") Integer maxDomainSize,
      @JsonProperty("rangeMargin") Double rangeMargin) {
    public Config {
      if (path != null) {
        if (path.isBlank()) {
          throw new IllegalArgumentException("path must name a schema file, e.g. schema.json");
        }
        for (var other : Map.of("split", split == null, "maxDomainSize", maxDomainSize == null,
            "rangeMargin", rangeMargin == null).entrySet()) {
          if (!other.getValue()) {
            throw new IllegalArgumentException(other.getKey()
                + " is only for an inferred schema; a pinned schema (path) is used as it is");
          }
        }
      } else {
        maxDomainSize = maxDomainSize == null ? SchemaInference.DEFAULT_MAX_DOMAIN_SIZE : maxDomainSize;
        rangeMargin = rangeMargin == null ? SchemaInference.DEFAULT_RANGE_MARGIN : rangeMargin;
        if (rangeMargin.isNaN() || rangeMargin.isInfinite()) {
          throw new IllegalArgumentException("rangeMargin must be a finite number, e.g. 0.1");
        }
        if (maxDomainSize < 0) {
          throw new IllegalArgumentException("maxDomainSize must not be negative, got " + maxDomainSize);
        }
        if (split != null && split.isEmpty()) {
          throw new IllegalArgumentException("split must name a split, e.g. train");
        }
      }
    }

    boolean pinned() {
      return path != null;
    }
  }

  private final Config config;

  public SchemaStep(Config config) {
    this.config = config;
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** 2: inferred ranges are widened by {@link SchemaInference#DEFAULT_RANGE_MARGIN} by default. */
  @Override
  public int version() {
    return 2;
  }

  @Override
  protected Ports ports() {
    Ports ports = Ports.declare();
    ports = config.pinned() ? ports.optionalInput("statistics", ArtifactKind.STATISTICS) : ports.input("statistics", ArtifactKind.STATISTICS);
    return ports.output("schema", ArtifactKind.SCHEMA);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("schema", List.of(DatasetRows.UNSPLIT));
  }

  @Override
  public List<String> externalInputs() {
    return config.pinned() ? List.of(config.path()) : List.of();
  }

  @Override
  public void check(StepContext context) {
    if (config.pinned()) {
      try {
        readPinned(context);
      } catch (InvalidSchemaException e) {
        throw SpecException.at(context.source(), context.stepName(), null, e.getMessage());
      }
    }
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    PCollection<String> json;
    if (config.pinned()) {
      json = context.pipeline().apply(context.name("pinned"),
          Create.of(SchemaJson.toJson(readPinned(context))).withCoder(StringUtf8Coder.of()));
    } else {
      json = document(inputs, "statistics").json()
          .apply(context.name("infer"), ParDo.of(new InferFn(config.split(),
              new SchemaInference(config.maxDomainSize(), config.rangeMargin()))))
          .setCoder(StringUtf8Coder.of());
    }
    return Map.of("schema", Document.of(ArtifactKind.SCHEMA, json));
  }

  /**
   * The pinned schema file, checked.
   *
   * @throws InvalidSchemaException one line naming the key, the file and the problem (the orchestrator
   *     adds the step)
   */
  private DataSchema readPinned(StepContext context) {
    String file = context.resolve(config.path());
    String text;
    try {
      FileSystemSetup.ensureFor(file);
      try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchSingleFileSpec(file).resourceId()))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidSchemaException("key 'with.path': cannot read schema file " + file + ": " + e.getMessage());
    }
    try {
      return SchemaJson.fromJson(text, config.path());
    } catch (InvalidSchemaException e) {
      // no cause: the orchestrator reports the deepest message of a chain, and this one is complete
      throw new InvalidSchemaException("key 'with.path': " + e.getMessage());
    }
  }

  /** Picks the split and infers the schema from its statistics. */
  private static final class InferFn extends DoFn<String, String> {
    private final String split;
    private final SchemaInference inference;

    InferFn(String split, SchemaInference inference) {
      this.split = split;
      this.inference = inference;
    }

    @ProcessElement
    public void process(@Element String statisticsJson, OutputReceiver<String> out) {
      StatisticsDocument stats = StatisticsJson.documentFromJson(statisticsJson);
      out.output(SchemaJson.toJson(inference.infer(stats.split(chooseSplit(stats, split)))));
    }
  }

  /**
   * The split to infer from: {@code configured} if set, else {@value #DEFAULT_SPLIT} when present,
   * else the only split.
   *
   * @throws InvalidSchemaException when the configured split is missing or the choice is ambiguous
   */
  static String chooseSplit(StatisticsDocument stats, String configured) {
    Set<String> splits = stats.splits().keySet();
    if (configured != null) {
      if (!splits.contains(configured)) {
        throw new InvalidSchemaException("key 'with.split': the statistics have no split '" + configured
            + "'; splits are " + stats.names());
      }
      return configured;
    }
    if (splits.contains(DEFAULT_SPLIT)) {
      return DEFAULT_SPLIT;
    }
    if (splits.size() == 1) {
      return splits.iterator().next();
    }
    throw new InvalidSchemaException("the statistics have splits " + stats.names()
        + " and none is '" + DEFAULT_SPLIT + "'; set with.split to the one to infer from");
  }
}
