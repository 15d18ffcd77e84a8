package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.ArtifactKind;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import dev.kiln.core.step.StepType;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;

/**
 * Test step {@code fixedmodel}: a Model document {@code {"label": "label", "weight": w}} for
 * {@link LogisticTestScorers}, standing in for a trained model.
 */
public final class FixedModel extends Step {
  public record Config(@JsonProperty("weight") double weight) {}

  public static final StepType TYPE = new StepType() {
    @Override public String name() { return "fixedmodel"; }
    @Override public Class<?> configClass() { return Config.class; }
    @Override public Step create(StepSpec spec, Object config) { return new FixedModel((Config) config); }
  };

  private final Config config;

  FixedModel(Config config) {
    this.config = config;
  }

  @Override public String type() { return "fixedmodel"; }
  @Override public List<String> inputPorts() { return List.of(); }
  @Override public String outputKind(String port) { return ArtifactKind.MODEL; }

  @Override
  public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
    return Map.of("model", List.of(""));
  }

  @Override
  public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
    String json = "{\"label\":\"label\",\"weight\":" + config.weight() + "}";
    return Map.of("model", Document.of(ArtifactKind.MODEL,
        context.pipeline().apply(context.name("model"), Create.of(json).withCoder(StringUtf8Coder.of()))));
  }
}
