package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * The shape of the distributed trainer's unrolled job. Flink's planners (the DataSet optimizer, and the
 * DataStream graph's transitive predecessors) walk every path from the sources, so the number of paths
 * through the job, counted over main and side inputs alike, must grow linearly with the passes. With
 * the optimizer state read by both a pass's sums and its step, each pass doubled the paths, and
 * embedded Flink never finished planning 20 passes.
 */
class TrainingGraphPathsTest {

  @Test
  void pathsThroughTheJobGrowByTheSameAmountWithEveryPass() {
    long[] paths = new long[9];
    for (int passes = 1; passes <= 8; passes++) {
      paths[passes] = pathsToTheModel(passes);
    }
    long perPass = paths[2] - paths[1];
    assertTrue(perPass > 0, "a pass adds paths: " + perPass);
    for (int passes = 2; passes <= 8; passes++) {
      assertEquals(perPass, paths[passes] - paths[passes - 1],
          "paths added by pass " + passes + " (paths: " + java.util.Arrays.toString(paths) + ")");
    }
  }

  /** Paths from the pipeline's roots to the model, through every transform's main and side inputs. */
  private static long pathsToTheModel(int passes) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    List<Row> rows = Synthetic.linear(10, 1);
    PCollection<String> model = p.apply("rows", Create.of(rows).withRowSchema(Synthetic.LINEAR))
        .apply("train", new DistributedTrainer(Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "linear",
            "backend", "distributed", "iterations", passes), null));
    Map<PValue, Long> counts = new HashMap<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        long in = 0;
        for (PValue input : node.getInputs().values()) {
          in = Math.addExact(in, counts.getOrDefault(input, 0L));
        }
        long out = Math.max(1, in); // a root (no inputs) starts one path
        node.getOutputs().values().forEach(o -> counts.put(o, out));
      }
    });
    return counts.get(model);
  }
}
