package dev.kiln.core.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;

/**
 * A test source step {@code rows}: {@code count} rows (id, value = id * factor, text) made in memory.
 * With {@code failAt} set, the job throws when it meets that id (to test failures).
 */
public final class RowsSource extends Step {
  /** {@code note} does not change the rows: changing it reruns the step with an identical output. */
  public record Config(@JsonProperty("count") int count, @JsonProperty("factor") Double factor, @JsonProperty("failAt") Long failAt,
      @JsonProperty("note") String note) {
    public Config {
      factor = factor == null ? 1.0 : factor;
    }
  }

  public static final Schema SCHEMA = Schema.builder()
      .addInt64Field("id").addNullableField("value", Schema.FieldType.DOUBLE).addNullableField("text", Schema.FieldType.STRING).build();

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "rows"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new RowsSource((Config) config); }
  };

  private final Config config;

  public RowsSource(Config config) {
    this.config = config;
  }

  @Override public String type() { return "rows"; }

  @Override public List<String> inputPorts() { return List.of(); }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("examples", List.of(DatasetRows.UNSPLIT));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < config.count(); i++) {
      rows.add(Row.withSchema(SCHEMA).addValues(i, i * config.factor(), i % 7 == 0 ? null : "t" + (i % 13)).build());
    }
    var pc = context.pipeline().apply(context.name("create"), Create.of(rows).withRowSchema(SCHEMA));
    if (config.failAt() != null) {
      long failAt = config.failAt();
      pc = pc.apply(context.name("maybe-fail"), org.apache.beam.sdk.transforms.MapElements
          .into(org.apache.beam.sdk.values.TypeDescriptors.rows())
          .via((Row r) -> {
            if (r.getInt64("id") == failAt) {
              throw new IllegalStateException("row " + failAt + " is bad");
            }
            return r;
          })).setRowSchema(SCHEMA);
    }
    return Map.of("examples", DatasetRows.of(pc));
  }
}
