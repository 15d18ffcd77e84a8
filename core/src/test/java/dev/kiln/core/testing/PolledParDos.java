package dev.kiln.core.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Finds the ParDos that the DirectRunner polls: those reading side inputs whose main input is there at
 * the job's start — made from a root (a Create, an Impulse) by element-wise transforms only, with no
 * GroupByKey and no side input on the way. Such a ParDo is pushed back while its side inputs are not
 * ready and run again each time the runner goes idle, each run a new bundle whose DoFn is translated
 * anew (docs/benchmarks.md, the taxi demo). Kiln's writers and steps start such ParDos from a
 * {@code dev.kiln.core.transforms.AllElements} instead.
 */
public final class PolledParDos {
  private PolledParDos() {}

  /** The full names of the polled ParDos of {@code pipeline}, in topological order. */
  public static List<String> in(Pipeline pipeline) {
    Set<PValue> early = new HashSet<>();
    List<String> polled = new ArrayList<>();
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        PTransform<?, ?> t = node.getTransform();
        java.util.Map<TupleTag<?>, PValue> additional = t == null ? java.util.Map.of() : t.getAdditionalInputs();
        List<PValue> main = new ArrayList<>();
        for (java.util.Map.Entry<TupleTag<?>, PCollection<?>> in : node.getInputs().entrySet()) {
          if (!additional.containsKey(in.getKey())) {
            main.add(in.getValue());
          }
        }
        boolean mainEarly = early.containsAll(main);
        boolean groups = t instanceof GroupByKey;
        if (mainEarly && !additional.isEmpty()) {
          polled.add(node.getFullName());
        }
        if (mainEarly && additional.isEmpty() && !groups) {
          early.addAll(node.getOutputs().values());
        }
      }
    });
    return polled;
  }
}
