package dev.kiln.core.testing;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Test step {@code shift}: reads a Dataset and a "Summary" document (side input) and adds the column
 * {@code idSum} taken from the document to every row. The summary port is optional (then idSum = -1).
 */
public final class ShiftBySummary extends Step {
  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "shift"; }
    @Override public Class<?> configClass() { return Void.class; }
    @Override public Step create(StepSpec spec, Object config) { return new ShiftBySummary(); }
  };

  static final Schema SCHEMA = Schema.builder().addInt64Field("id").addInt64Field("idSum").build();

  @Override public String type() { return "shift"; }
  @Override public List<String> inputPorts() { return List.of("examples", "summary"); }
  @Override public Set<String> optionalInputPorts() { return Set.of("summary"); }
  @Override public String inputKind(String port) { return port.equals("summary") ? SummaryDoc.KIND : super.inputKind(port); }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("examples", inputSplits.get("examples"));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    var doc = document(inputs, "summary");
    PCollectionView<String> view = doc == null ? null : doc.asView(context.name("summary"));
    var parDo = ParDo.of(new AddSum(view));
    var out = dataset(inputs, "examples").rows()
        .apply(context.name("add"), view == null ? parDo : parDo.withSideInputs(view))
        .setRowSchema(SCHEMA);
    return Map.of("examples", DatasetRows.of(out));
  }

  private static final class AddSum extends DoFn<Row, Row> {
    private final PCollectionView<String> view;

    AddSum(PCollectionView<String> view) {
      this.view = view;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      long sum = -1;
      if (view != null) {
        String json = c.sideInput(view);
        sum = Long.parseLong(json.replaceAll("[^0-9]", ""));
      }
      c.output(Row.withSchema(SCHEMA).addValues(c.element().getInt64("id"), sum).build());
    }
  }
}
