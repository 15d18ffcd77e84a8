package dev.kiln.ml.train;

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
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;

/**
 * Test source {@code labelled}: penguins-like rows (two measurements and an island) whose class label
 * {@code species} has the Beam type {@code labelType} names: {@code int} (INT32), {@code long},
 * {@code double} (0.0/1.0/2.0), {@code boolean} (two classes) or {@code string}. A CSV can give only
 * some of these types, so the rows are made in memory.
 */
final class LabelledSource extends Step {
  record Config(@JsonProperty("labelType") String labelType) {}

  static final StepType TYPE = new StepType() {
    @Override public String name() { return "labelled"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new LabelledSource(((Config) config).labelType()); }
  };

  private final String labelType;

  LabelledSource(String labelType) {
    this.labelType = labelType;
  }

  @Override public String type() { return "labelled"; }

  @Override public List<String> inputPorts() { return List.of(); }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("examples", List.of(DatasetRows.UNSPLIT));
  }

  private Schema.FieldType labelFieldType() {
    return switch (labelType) {
      case "int" -> Schema.FieldType.INT32;
      case "long" -> Schema.FieldType.INT64;
      case "double" -> Schema.FieldType.DOUBLE;
      case "boolean" -> Schema.FieldType.BOOLEAN;
      case "string" -> Schema.FieldType.STRING;
      default -> throw new IllegalArgumentException("labelType: unknown '" + labelType + "'");
    };
  }

  /** The number of classes this label type is given. */
  int classes() {
    return labelType.equals("boolean") ? 2 : 3;
  }

  private Object label(int c) {
    return switch (labelType) {
      case "int" -> c;
      case "long" -> (long) c;
      case "double" -> (double) c;
      case "boolean" -> c == 1;
      default -> List.of("Adelie", "Chinstrap", "Gentoo").get(c);
    };
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    Schema schema = Schema.builder().addField("species", labelFieldType()).addDoubleField("bill_length_mm")
        .addDoubleField("flipper_length_mm").addStringField("island").build();
    Random r = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      int c = i % classes();
      rows.add(Row.withSchema(schema).addValues(label(c), 39 + 9 * c + 2 * r.nextGaussian(),
          190 + 12 * c + 5 * r.nextGaussian(), c == 2 ? "Biscoe" : "Dream").build());
    }
    return Map.of("examples", DatasetRows.of(context.pipeline().apply(context.name("create"), Create.of(rows).withRowSchema(schema))));
  }
}
