package dev.kiln.bench;

import dev.kiln.core.fingerprint.ClassFingerprint;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import dev.kiln.ml.stats.DatasetStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsJson;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code bench-statistics}: {@link DatasetStatistics} over an unsplit dataset, committed as a
 * Statistics document (the canonical JSON of {@link StatisticsJson}) — for the flights benchmark only,
 * until the ml module ships its own {@code statistics} step. Registered through
 * {@code META-INF/services/dev.kiln.core.step.StepType} of the bench jar, so it exists only where that
 * jar is on the class path.
 */
public final class StatisticsStep extends Step {
  /** The step type's name in {@code uses:}. */
  public static final String NAME = "bench-statistics";

  /** The step type, found by {@link java.util.ServiceLoader} (hence a public class with a no-argument constructor). */
  public static final class Type implements StepType {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Class<?> configClass() {
      return Void.class;
    }

    @Override
    public Step create(StepSpec spec, Object config) {
      return new StatisticsStep();
    }
  }

  @Override
  public String type() {
    return NAME;
  }

  /** Not a built-in: its code is identified by its class bytes (and those of the bench classes it uses). */
  @Override
  public String implementationFingerprint() {
    return "bench:" + NAME + ":" + ClassFingerprint.of(StatisticsStep.class);
  }

  @Override
  public List<String> inputPorts() {
    return List.of("examples");
  }

  @Override
  public String outputKind(String port) {
    return ArtifactKind.STATISTICS;
  }

  /**
   * @throws IllegalArgumentException when the input is split: a document has no splits, and this
   *     benchmark step computes the statistics of one dataset
   */
  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    if (!inputSplits.get("examples").equals(List.of(DatasetRows.UNSPLIT))) {
      throw new IllegalArgumentException("input 'examples' is split " + inputSplits.get("examples")
          + "; bench-statistics reads unsplit data or one split, e.g. step.train");
    }
    return Map.of("statistics", List.of(DatasetRows.UNSPLIT));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    PCollection<String> json = dataset(inputs, "examples").rows()
        .apply(context.name("statistics"), DatasetStatistics.of())
        .apply(context.name("json"), MapElements.via(new ToJson()))
        .setCoder(StringUtf8Coder.of());
    return Map.of("statistics", Document.of(ArtifactKind.STATISTICS, json));
  }

  /** Statistics as canonical JSON: equal statistics, equal text, equal fingerprint. */
  static final class ToJson extends SimpleFunction<Statistics, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String apply(Statistics statistics) {
      return StatisticsJson.toJson(statistics);
    }
  }
}
