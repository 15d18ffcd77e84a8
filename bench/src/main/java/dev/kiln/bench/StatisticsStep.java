package dev.kiln.bench;

import dev.kiln.core.fingerprint.ClassFingerprint;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import dev.kiln.ml.stats.DatasetStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;

/**
 * {@code bench-statistics}: {@link DatasetStatistics} over a dataset, as a pipeline step — for the
 * flights benchmark only, until the ml module ships its own {@code statistics} step. Registered through
 * {@code META-INF/services/dev.kiln.core.step.StepType} of the bench jar, so it exists only where that
 * jar is on the class path.
 *
 * <p>Steps can only output Datasets today, so the statistics are committed as a Dataset of one row per
 * input split: {@code split} (empty for unsplit input), {@code rows} and {@code statistics} (the
 * canonical JSON of {@link StatisticsJson}). The statistics are computed exactly as
 * {@code DatasetStatistics} computes them everywhere else; only their container is provisional.
 */
public final class StatisticsStep extends Step {
  /** The step type's name in {@code uses:}. */
  public static final String NAME = "bench-statistics";

  /** The output's schema: one row per input split. */
  public static final Schema SCHEMA = Schema.builder()
      .addStringField("split")
      .addInt64Field("rows")
      .addStringField("statistics")
      .build();

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
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("statistics", List.of(DatasetRows.UNSPLIT));
  }

  @Override
  public Map<String, DatasetRows> expand(StepContext context, Map<String, DatasetRows> inputs) {
    DatasetRows in = inputs.get("examples");
    List<PCollection<Row>> perSplit = new ArrayList<>();
    for (Map.Entry<String, PCollection<Row>> split : in.splits().entrySet()) {
      String label = split.getKey().isEmpty() ? "all" : split.getKey();
      perSplit.add(split.getValue()
          .apply(context.name("statistics-" + label), DatasetStatistics.of())
          .apply(context.name("row-" + label), MapElements.via(new ToRow(split.getKey())))
          .setRowSchema(SCHEMA));
    }
    PCollection<Row> rows = perSplit.size() == 1 ? perSplit.get(0)
        : PCollectionList.of(perSplit).apply(context.name("all-splits"), Flatten.pCollections());
    return Map.of("statistics", DatasetRows.of(rows.setRowSchema(SCHEMA)));
  }

  /** One split's statistics as a row of {@link #SCHEMA}. */
  static final class ToRow extends SimpleFunction<Statistics, Row> {
    private static final long serialVersionUID = 1L;
    private final String split;

    ToRow(String split) {
      this.split = split;
    }

    @Override
    public Row apply(Statistics statistics) {
      return Row.withSchema(SCHEMA).addValues(split, statistics.rows(), StatisticsJson.toJson(statistics)).build();
    }
  }
}
