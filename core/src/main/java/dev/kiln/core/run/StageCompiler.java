package dev.kiln.core.run;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.DatasetFormat;
import dev.kiln.core.artifact.DatasetReader;
import dev.kiln.core.artifact.DatasetWriter;
import dev.kiln.core.artifact.DocumentReader;
import dev.kiln.core.artifact.DocumentWriter;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.artifact.OutputTarget;
import dev.kiln.core.plan.OutputArtifact;
import dev.kiln.core.plan.StepPlan;
import dev.kiln.core.spec.BadInput;
import dev.kiln.core.spec.InputRef;
import dev.kiln.core.spec.StepSpec;
import dev.kiln.core.step.DatasetRows;
import dev.kiln.core.step.Document;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;

/**
 * Compiles the steps of one stage into one Beam pipeline (step two of a stage, after its executions are
 * recorded): inputs from earlier stages are read from their committed artifacts, inputs produced in the
 * same stage are the upstream {@code PCollection}s (no re-read), and every output goes through
 * {@link DatasetWriter} or {@link DocumentWriter}, which commit it to the URI recorded for it.
 */
final class StageCompiler {
  private final ResolvedPipeline pipeline;
  private final ArtifactStore artifacts;
  private final Path projectDir;

  StageCompiler(ResolvedPipeline pipeline, ArtifactStore artifacts, Path projectDir) {
    this.pipeline = pipeline;
    this.artifacts = artifacts;
    this.projectDir = projectDir;
  }

  /**
   * The stage's Beam pipeline, or the first step that could not be expanded.
   *
   * @param failedStep the step whose expansion threw (then no job is started), else null
   */
  record Compiled(Pipeline beam, String failedStep, String error, boolean badInput) {
    boolean ok() {
      return failedStep == null;
    }
  }

  /**
   * Builds the stage's pipeline on {@code beam} (an empty pipeline from the stage's backend).
   *
   * @param plans every step's plan; settled upstream steps carry their outputs
   */
  Compiled compile(Pipeline beam, StageExecutions stage, Map<String, StepPlan> plans) {
    Map<String, Map<String, PortValue>> values = new HashMap<>();
    for (String step : stage.steps()) {
      try {
        values.put(step, expand(beam, step, plans, values, stage.outputUris().get(step), stage.id(step)));
      } catch (RuntimeException e) {
        return new Compiled(beam, step, Errors.message(e), BadInput.in(e));
      }
    }
    return new Compiled(beam, null, null, false);
  }

  private Map<String, PortValue> expand(Pipeline beam, String step, Map<String, StepPlan> plans,
      Map<String, Map<String, PortValue>> values, Map<String, String> uris, long executionId) {
    StepSpec spec = pipeline.stepSpec(step);
    Map<String, PortValue> in = new TreeMap<>();
    for (Map.Entry<String, InputRef> e : spec.inputs().entrySet()) {
      in.put(e.getKey(), input(beam, step, e.getKey(), e.getValue(), plans, values));
    }
    Step impl = pipeline.step(step);
    Map<String, PortValue> out = impl.expand(new StepContext(beam, step, projectDir, pipeline.source()), in);
    for (Map.Entry<String, String> port : uris.entrySet()) {
      PortValue value = out.get(port.getKey());
      if (value == null) {
        throw new IllegalStateException("step produced no output '" + port.getKey() + "'");
      }
      String kind = impl.outputKind(port.getKey());
      if (!kind.equals(value.kind())) {
        throw new IllegalStateException("step produced a " + value.kind() + " for output '" + port.getKey() + "', which is declared a " + kind);
      }
      OutputTarget target = new OutputTarget(port.getValue(), DatasetFormat.of(spec.format()), pipeline.spec().name(), step, port.getKey(), executionId);
      if (value instanceof Document doc) {
        DocumentWriter.write(doc, target);
      } else {
        DatasetWriter.write((DatasetRows) value, target);
      }
    }
    return out;
  }

  /** An input port's value: the upstream's PCollection when it is in this stage, else its committed artifact. */
  private PortValue input(Pipeline beam, String step, String port, InputRef ref, Map<String, StepPlan> plans,
      Map<String, Map<String, PortValue>> values) {
    PortValue value;
    if (values.containsKey(ref.step())) {
      value = values.get(ref.step()).get(ref.port());
    } else {
      OutputArtifact a = plans.get(ref.step()).outputs().get(ref.port());
      Manifest m = artifacts.readManifest(a.uri())
          .orElseThrow(() -> new IllegalStateException("input " + a.uri() + " is no longer committed"));
      if (m.isDocument()) {
        value = DocumentReader.read(beam, step + "/read-" + port, m);
      } else {
        Set<String> splits = ref.split() == null ? Set.copyOf(m.splitNames()) : Set.of(ref.split());
        value = DatasetReader.read(beam, step + "/read-" + port, m, splits);
      }
    }
    if (ref.split() != null) {
      value = DatasetRows.of(((DatasetRows) value).split(ref.split()));
    }
    return value;
  }
}
