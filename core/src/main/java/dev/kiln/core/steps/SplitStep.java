package dev.kiln.core.steps;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;

/**
 * {@code split}: divides a dataset into named splits by ratio, deterministically. A row goes to a
 * split by a hash of its {@code key} column (or of the whole row when no key is given), so the same
 * rows land in the same split on every run and every runner, and rows with equal keys stay together.
 * Numerically equal keys of different column types (a long 5, a double 5.0) land alike; see
 * {@link SplitHash} for the hash and the encoding of each type.
 */
public final class SplitStep extends Step {
  /**
   * @param key the column whose value decides the split; null hashes the whole row
   * @param ratios split name to its share; the shares must add up to 1
   */
  public record Config(@JsonProperty("key") String key, @JsonProperty("ratios") Map<String, Double> ratios) {
    public Config {
      if (ratios == null || ratios.isEmpty()) {
        throw new IllegalArgumentException("ratios are missing; e.g. ratios: { train: 0.8, eval: 0.2 }");
      }
      double sum = 0;
      for (Map.Entry<String, Double> e : ratios.entrySet()) {
        if (!e.getKey().matches("[A-Za-z0-9_-]+")) {
          throw new IllegalArgumentException("split name '" + e.getKey() + "' may only use letters, digits, '_' and '-'");
        }
        if (e.getValue() == null || !(e.getValue() > 0) || e.getValue() > 1) {
          throw new IllegalArgumentException("ratio of '" + e.getKey() + "' must be a number in (0, 1], not " + e.getValue());
        }
        sum += e.getValue();
      }
      if (Math.abs(sum - 1.0) > 1e-9) {
        throw new IllegalArgumentException("ratios add up to " + sum + ", not 1");
      }
      ratios = new TreeMap<>(ratios);
    }
  }

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "split"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new SplitStep((Config) config); }
  };

  private final Config config;

  public SplitStep(Config config) {
    this.config = config;
  }

  @Override
  public String type() {
    return "split";
  }

  /**
   * 2: rows are placed by MurmurHash3 of their typed values ({@link SplitHash}); version 1 hashed
   * {@code toString()}, which placed bytes by object identity and moved rows when a long column became
   * a double. Changing the version invalidates cached splits made by the old placement.
   */
  @Override
  public int version() {
    return 2;
  }

  @Override
  public List<String> inputPorts() {
    return List.of("examples");
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    if (!inputSplits.get("examples").equals(List.of(DatasetRows.UNSPLIT))) {
      throw new IllegalArgumentException("input 'examples' is already split " + inputSplits.get("examples")
          + "; read one split, e.g. step.train, or split the unsplit data");
    }
    return Map.of("examples", new ArrayList<>(config.ratios().keySet()));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows in = dataset(inputs, "examples");
    SplitRows split = (config.key() == null ? SplitRows.byRow() : SplitRows.byKey(config.key())).withRatios(config.ratios());
    PCollectionTuple parts = in.rows().apply(context.name("assign"), split);
    Map<String, PCollection<Row>> splits = new LinkedHashMap<>();
    for (String name : split.splitNames()) {
      splits.put(name, parts.get(name));
    }
    return Map.of("examples", DatasetRows.ofSplits(in.schema(), splits));
  }
}
