package dev.kiln.ml.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Ports;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.schema.SchemaJson;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.StatisticsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code validate}: checks a dataset's statistics against a schema, between splits (drift) and against
 * a baseline's statistics (skew), and writes what it finds as an Anomalies document.
 *
 * <pre>{@code
 * validate:
 *   uses: validate
 *   in: { statistics: stats.statistics, schema: schema.schema, baseline: old.statistics }  # baseline optional
 *   with: { onAnomalies: fail, drift: { against: train, numericThreshold: 0.05 }, skew: { categoricalThreshold: 0.2 } }
 * }</pre>
 *
 * <p>Policy {@code onAnomalies}: {@code fail} (default) fails the job when there is any anomaly, with
 * a one-line message naming the first ones and their number, and commits no Anomalies artifact (each
 * anomaly's full description is logged); {@code warn} commits the anomalies and succeeds.
 */
public final class ValidateStep extends Step {
  /** The step type name. */
  public static final String TYPE = "validate";

  /** What anomalies do to the run. */
  public enum Policy {
    /** Fail the job; nothing is committed. */
    FAIL,
    /** Commit the anomalies and succeed. */
    WARN
  }

  /**
   * @param onAnomalies {@code fail} (default) or {@code warn}
   * @param drift compare every split with one of them ({@link Comparison#against()}, default train);
   *     absent: no drift check
   * @param skew thresholds for the comparison with the {@code baseline} input (defaults when absent);
   *     only with a baseline
   * @param minShare share of a feature's values that may lie outside its domain or range without an
   *     anomaly, in [0, 1) (default {@link Validator#DEFAULT_MIN_SHARE}; 0: any value is an anomaly)
   */
  public record Config(
      @JsonProperty("onAnomalies") String onAnomalies,
      @JsonProperty("drift") Comparison drift,
      @JsonProperty("skew") Comparison skew,
      @JsonProperty("minShare") Double minShare) {
    public Config {
      onAnomalies = onAnomalies == null ? "fail" : onAnomalies;
      if (!onAnomalies.equals("fail") && !onAnomalies.equals("warn")) {
        throw new IllegalArgumentException("onAnomalies must be fail or warn, not '" + onAnomalies + "'");
      }
      minShare = minShare == null ? Validator.DEFAULT_MIN_SHARE : minShare;
      if (!(minShare >= 0 && minShare < 1)) {
        throw new IllegalArgumentException("minShare must be at least 0 and below 1 (a share of the values, e.g."
            + " 0.001), got " + minShare);
      }
    }

    Policy policy() {
      return Policy.valueOf(onAnomalies.toUpperCase(Locale.ROOT));
    }
  }

  private final Config config;

  public ValidateStep(Config config) {
    this.config = config;
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** 2: values outside a domain or range within {@code minShare} are no longer anomalies. */
  @Override
  public int version() {
    return 2;
  }

  @Override
  protected Ports ports() {
    return Ports.declare().input("statistics", ArtifactKind.STATISTICS).input("schema", ArtifactKind.SCHEMA)
        .optionalInput("baseline", ArtifactKind.STATISTICS).output("anomalies", ArtifactKind.ANOMALIES);
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    if (config.skew() != null && !inputSplits.containsKey("baseline")) {
      throw new IllegalArgumentException("with.skew is set, but in.baseline is not connected: connect the Statistics"
          + " of the data to compare with, or drop with.skew");
    }
    return Map.of("anomalies", List.of(DatasetRows.UNSPLIT));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    PCollectionView<String> schema = document(inputs, "schema").asView(context.name("schema"));
    Document baselineDoc = document(inputs, "baseline");
    PCollectionView<String> baseline = baselineDoc == null ? null : baselineDoc.asView(context.name("baseline"));
    List<PCollectionView<?>> sides = new ArrayList<>();
    sides.add(schema);
    if (baseline != null) {
      sides.add(baseline);
    }
    ValidateFn fn = new ValidateFn(new Validator(config.drift(), config.skew(), config.minShare()), config.policy(), schema, baseline,
        context.stepName());
    PCollection<String> json = document(inputs, "statistics").json()
        .apply(context.name("validate"), ParDo.of(fn).withSideInputs(sides))
        .setCoder(StringUtf8Coder.of());
    return Map.of("anomalies", Document.of(ArtifactKind.ANOMALIES, json));
  }

  /**
   * Validates the statistics (main input, one element) and emits the anomalies, or fails the job under
   * {@link Policy#FAIL} — then there is no element and the document is never committed.
   */
  private static final class ValidateFn extends DoFn<String, String> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateStep.class);

    private final Validator validator;
    private final Policy policy;
    private final PCollectionView<String> schema;
    private final PCollectionView<String> baseline;
    private final String step;

    ValidateFn(Validator validator, Policy policy, PCollectionView<String> schema, PCollectionView<String> baseline,
        String step) {
      this.validator = validator;
      this.policy = policy;
      this.schema = schema;
      this.baseline = baseline;
      this.step = step;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      StatisticsDocument data = StatisticsJson.documentFromJson(c.element());
      DataSchema dataSchema = SchemaJson.fromJson(c.sideInput(schema), "the schema input of step '" + step + "'");
      StatisticsDocument base = baseline == null ? null : StatisticsJson.documentFromJson(c.sideInput(baseline));
      AnomaliesDocument anomalies = validator.validate(data, dataSchema, base);
      if (policy == Policy.FAIL && !anomalies.isEmpty()) {
        for (Anomaly a : anomalies.anomalies()) {
          LOG.warn("step '{}': split {}: {} {}: {}", step, StatisticsDocument.label(a.split()), a.feature(),
              a.kind().jsonName(), a.description());
        }
        throw new AnomaliesFoundException(anomalies);
      }
      c.output(AnomaliesJson.toJson(anomalies));
    }
  }
}
