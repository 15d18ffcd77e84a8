package dev.kiln.core.step;

import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.StepSpec;
import java.util.List;
import java.util.Map;

/**
 * A validated pipeline: its normalized spec (references resolved to {@code step.port[.split]}, configs
 * with defaults filled in), a step instance per step, the splits of every output port, and the steps in
 * topological order, and where the pipeline came from (a file, for messages).
 */
public record ResolvedPipeline(
    PipelineSpec spec,
    Map<String, Step> steps,
    Map<String, Map<String, List<String>>> outputSplits,
    List<String> order,
    String source) {

  public Step step(String name) {
    return steps.get(name);
  }

  public StepSpec stepSpec(String name) {
    return spec.step(name);
  }

  /** The splits a step's input port receives: one split when the reference names one, else all. */
  public List<String> inputSplits(String stepName, String port) {
    var ref = spec.step(stepName).inputs().get(port);
    if (ref.split() != null) {
      return List.of(DatasetRows.UNSPLIT);
    }
    return outputSplits.get(ref.step()).get(ref.port());
  }
}
