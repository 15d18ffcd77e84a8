package dev.kiln.core.api;

import dev.kiln.core.spec.InputRef;
import dev.kiln.core.spec.PipelineSpec;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline built in Java. It produces the same {@link PipelineSpec} as the equivalent YAML file:
 *
 * <pre>{@code
 * KilnPipeline taxi = KilnPipeline.named("taxi");
 * StepHandle trips  = taxi.add("data", Csv.read("examples/data/taxi.csv"));
 * StepHandle splits = taxi.add("split", Split.byHash("trip_start_timestamp").ratios("train", 0.8, "eval", 0.2), trips);
 * taxi.add("label", Steps.transform(new DeriveBigTipper()), splits);
 * }</pre>
 */
public final class KilnPipeline {
  /** The input port that {@link #add(String, StepDefinition, Output)} connects: every built-in one-input step uses it. */
  public static final String DEFAULT_INPUT = "examples";

  private final String name;
  private final Map<String, StepSpec> steps = new LinkedHashMap<>();
  private final Map<String, Step> prebuilt = new LinkedHashMap<>();

  private KilnPipeline(String name) {
    this.name = name;
  }

  public static KilnPipeline named(String name) {
    return new KilnPipeline(name);
  }

  public String name() {
    return name;
  }

  /**
   * Adds a step built by a typed builder (its inputs are in the builder) and returns its typed outputs.
   *
   * <p>Example of use:
   *
   * <pre>{@code
   * Csv.Outputs data = taxi.add("data", Csv.read("examples/data/taxi.csv"));
   * Split.Outputs split = taxi.add("split", Split.of(data.examples()).withRatio("train", 0.8).withRatio("eval", 0.2));
   * }</pre>
   */
  public <O extends StepHandle> O add(String stepName, KilnStep<?, O> step) {
    add(stepName, step.definition(), step.inputs());
    return step.outputs(stepName);
  }

  /** Adds a step that reads nothing (a source). */
  public StepHandle add(String stepName, StepDefinition step) {
    return add(stepName, step, Map.of());
  }

  /** Adds a step whose {@code examples} input reads {@code input}. */
  public StepHandle add(String stepName, StepDefinition step, Output input) {
    return add(stepName, step, Map.of(DEFAULT_INPUT, input));
  }

  /** Adds a step with its inputs by port. */
  public StepHandle add(String stepName, StepDefinition step, Map<String, Output> inputs) {
    if (steps.containsKey(stepName)) {
      throw new SpecException("pipeline '" + name + "': step '" + stepName + "' is added twice");
    }
    Map<String, InputRef> refs = new TreeMap<>();
    inputs.forEach((port, out) -> refs.put(port, out.ref()));
    steps.put(stepName, StepSpec.of(stepName, step.uses(), step.className(), refs, step.config(), step.format()).withBackend(step.backend()));
    if (step.prebuilt() != null) {
      prebuilt.put(stepName, step.prebuilt());
    }
    return new StepHandle(stepName);
  }

  /** The spec as written (before validation). */
  public PipelineSpec spec() {
    return PipelineSpec.of(name, steps);
  }

  /**
   * Runs the pipeline in a project, as {@code kiln run} does (plan, stages, cache, lineage), and returns
   * what it did: each step's state, outputs and documents. For code and tests; {@code Kiln.run(pipeline,
   * args)} (kiln-cli) is the command line.
   *
   * <p>Example of use:
   *
   * <pre>{@code
   * PipelineRun run = taxi.run(RunOptions.inProject(dir).withBackend(Backends.named("direct")));
   * double auc = run.document("evaluate", "metrics").at("/overall/auc").asDouble();
   * }</pre>
   *
   * @throws dev.kiln.core.spec.SpecException when the pipeline is not valid (before anything runs)
   */
  public PipelineRun run(RunOptions options) {
    return LocalRun.run(resolve(options.registry()), options);
  }

  /** Validates the pipeline; errors name the step and key. */
  public ResolvedPipeline resolve(StepRegistry registry) {
    return new PipelineResolver(registry, prebuilt).resolve(spec(), "Java pipeline '" + name + "'");
  }
}
