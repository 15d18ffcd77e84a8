package dev.kiln.ml.api;

import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Kind;
import dev.kiln.core.api.Port;
import dev.kiln.core.api.StepHandle;
import dev.kiln.ml.validate.Comparison;
import java.util.Map;

/**
 * The {@code validate} step: statistics checked against a schema, and optionally for drift (between
 * splits) and skew (against a baseline). One {@code with…} method per setting of {@link
 * dev.kiln.ml.validate.ValidateStep.Config}.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * taxi.add("validate", Validate.of(stats.statistics(), schema.schema())
 *     .withOnAnomalies(Validate.OnAnomalies.WARN)
 *     .withDrift(Validate.against("train")));
 * }</pre>
 */
public final class Validate extends KilnStep<Validate, Validate.Outputs> {
  /** What an anomaly does to the run. */
  public enum OnAnomalies {
    /** The step fails (default). */
    FAIL,
    /** The anomalies are recorded and shown; the run goes on. */
    WARN
  }

  /** The {@code anomalies} output. */
  public static final class Outputs extends StepHandle {
    Outputs(String step) {
      super(step);
    }

    public Port<Kind.Anomalies> anomalies() {
      return port("anomalies");
    }
  }

  private Validate(State state) {
    super(state);
  }

  /** Checks {@code statistics} against {@code schema}. */
  public static Validate of(Port<Kind.Statistics> statistics, Port<Kind.Schema> schema) {
    return new Validate(State.of("validate", Map.of("statistics", statistics, "schema", schema)));
  }

  /** A drift or skew comparison against split {@code split}, with the default thresholds (0.1). */
  public static Comparison against(String split) {
    return new Comparison(split, null, null, null);
  }

  /** Statistics of an earlier dataset to compare with (skew). */
  public Validate withBaseline(Port<Kind.Statistics> baseline) {
    return input("baseline", baseline);
  }

  /** Fail (default) or warn on anomalies. */
  public Validate withOnAnomalies(OnAnomalies policy) {
    return set("onAnomalies", policy.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Drift between splits: {@code withDrift(Validate.against("train"))}, or a {@link Comparison} with thresholds. */
  public Validate withDrift(Comparison drift) {
    return set("drift", drift);
  }

  /** Skew against the baseline statistics. */
  public Validate withSkew(Comparison skew) {
    return set("skew", skew);
  }

  /** Values outside a domain or range within this share of a split are not an anomaly (default 0.001). */
  public Validate withMinShare(double share) {
    return set("minShare", share);
  }

  @Override
  protected Validate with(State next) {
    return new Validate(next);
  }

  @Override
  protected Outputs outputs(String stepName) {
    return new Outputs(stepName);
  }
}
