package dev.kiln.core.steps;

import dev.kiln.core.io.RowSchemas;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import dev.kiln.core.spec.StepSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * {@code derive}: adds columns computed from each row by small typed expressions (see {@link
 * DeriveExpression}), and drops columns, so a label or the parts of a timestamp need no Java:
 *
 * <pre>
 * features:
 *   uses: derive
 *   in: { examples: data }
 *   with:
 *     columns: { delayed: "delay > 15", hour: "hour(date)", weekday: "weekday(date)" }
 *     drop: [date]
 * </pre>
 *
 * The output has the input's columns (less {@code drop}) and then the derived ones, in the order
 * written, and the same splits. Expressions are parsed when the pipeline is resolved and typed
 * against the input schema when the step is built, before any job; errors name the key.
 */
public final class DeriveStep extends Step {
  /**
   * @param columns new column name to its expression, in output order
   * @param drop input columns to leave out of the output
   */
  public record Config(
      @JsonProperty("columns") LinkedHashMap<String, String> columns,
      @JsonProperty("drop") List<String> drop) {
    public Config {
      drop = drop == null ? List.of() : List.copyOf(drop);
    }
  }

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "derive"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new DeriveStep((Config) config); }
  };

  private final Config config;

  public DeriveStep(Config config) {
    // Checked here rather than in Config, so that the message names the exact key once.
    if (config.columns() == null || config.columns().isEmpty()) {
      throw new IllegalArgumentException("key 'with.columns': name at least one column and its expression, "
          + "e.g. columns: { delayed: \"delay > 15\" }");
    }
    for (Map.Entry<String, String> c : config.columns().entrySet()) {
      if (!c.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("key 'with.columns." + c.getKey() + "': a column name may only use "
            + "letters, digits and '_', and not start with a digit");
      }
      if (c.getValue() == null) {
        throw new IllegalArgumentException("key 'with.columns." + c.getKey() + "': the expression is missing");
      }
      try {
        DeriveExpression.parse(c.getValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key 'with.columns." + c.getKey() + "': " + e.getMessage());
      }
    }
    this.config = config;
  }

  @Override
  public String type() {
    return "derive";
  }

  @Override
  public List<String> inputPorts() {
    return List.of("examples");
  }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("examples", inputSplits.get("examples"));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    DatasetRows in = dataset(inputs, "examples");
    Schema input = in.schema();
    List<Integer> kept = new ArrayList<>();
    Schema.Builder out = Schema.builder();
    for (String d : config.drop()) {
      if (!input.hasField(d)) {
        throw SpecException.at(context.source(), context.stepName(), "with.drop",
            "no column '" + d + "' to drop; the columns are " + input.getFieldNames());
      }
    }
    for (int i = 0; i < input.getFieldCount(); i++) {
      Schema.Field f = input.getField(i);
      if (!config.drop().contains(f.getName())) {
        kept.add(i);
        out.addField(f);
      }
    }
    List<DeriveExpression> expressions = new ArrayList<>();
    for (Map.Entry<String, String> c : config.columns().entrySet()) {
      String key = "with.columns." + c.getKey();
      DeriveExpression e;
      try {
        e = DeriveExpression.parse(c.getValue()).bind(input);
      } catch (IllegalArgumentException ex) {
        throw SpecException.at(context.source(), context.stepName(), key, ex.getMessage());
      }
      if (input.hasField(c.getKey()) && !config.drop().contains(c.getKey())) {
        throw SpecException.at(context.source(), context.stepName(), key,
            "the input already has a column '" + c.getKey() + "'; choose another name or drop it");
      }
      expressions.add(e);
      out.addField(Schema.Field.of(c.getKey(), e.resultType()));
    }
    Schema schema = out.build();
    int[] keep = kept.stream().mapToInt(Integer::intValue).toArray();
    Map<String, PCollection<Row>> result = new TreeMap<>();
    for (Map.Entry<String, PCollection<Row>> split : in.splits().entrySet()) {
      String name = split.getKey().isEmpty() ? context.stepName() : context.name(split.getKey());
      result.put(split.getKey(), RowSchemas.setOn(split.getValue()
          .apply(name, ParDo.of(new DeriveFn(schema, keep, expressions))), schema));
    }
    DatasetRows rows = in.isSplit()
        ? DatasetRows.ofSplits(schema, result)
        : DatasetRows.of(result.get(DatasetRows.UNSPLIT));
    return Map.of("examples", rows);
  }

  /** Copies the kept values and appends the derived ones. */
  private static final class DeriveFn extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Schema schema;
    private final int[] keep;
    private final DeriveExpression[] expressions;

    DeriveFn(Schema schema, int[] keep, List<DeriveExpression> expressions) {
      this.schema = schema;
      this.keep = keep;
      this.expressions = expressions.toArray(new DeriveExpression[0]);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      Object[] values = new Object[keep.length + expressions.length];
      for (int i = 0; i < keep.length; i++) {
        values[i] = row.getValue(keep[i]);
      }
      for (int i = 0; i < expressions.length; i++) {
        values[keep.length + i] = expressions[i].evaluate(row);
      }
      // The values have the schema's types by construction: skip Row.Builder's per-value checks.
      out.output(Row.withSchema(schema).attachValues(Arrays.asList(values)));
    }
  }
}
