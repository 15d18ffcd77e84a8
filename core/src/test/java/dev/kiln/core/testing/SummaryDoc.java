package dev.kiln.core.testing;

import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Test step {@code summary}: a Dataset in, a "Summary" document out ({"idSum": n}). */
public final class SummaryDoc extends Step {
  public static final String KIND = "Summary";

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "summary"; }
    @Override public Class<?> configClass() { return Void.class; }
    @Override public Step create(StepSpec spec, Object config) { return new SummaryDoc(); }
  };

  @Override public String type() { return "summary"; }
  @Override public List<String> inputPorts() { return List.of("examples"); }
  @Override public String outputKind(String port) { return KIND; }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("summary", List.of(""));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    var sum = dataset(inputs, "examples").rows()
        .apply(context.name("ids"), MapElements.into(TypeDescriptors.longs()).via(r -> r.getInt64("id")))
        .apply(context.name("sum"), Sum.longsGlobally())
        .apply(context.name("json"), MapElements.into(TypeDescriptors.strings()).via(s -> "{\"idSum\":" + s + "}"));
    return Map.of("summary", Document.of(KIND, sum));
  }
}
