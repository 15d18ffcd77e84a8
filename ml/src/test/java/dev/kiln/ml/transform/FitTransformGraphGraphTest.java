package dev.kiln.ml.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.PolledParDos;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;

/**
 * The fit starts once its accumulators are all there, not at the job's start: a ParDo started by a
 * {@code Create} and waiting for a side input is run again by the DirectRunner each time it goes idle.
 * The rows that wait for the fitted graph still wait on a side input, but in lists (InBlocks).
 */
class FitTransformGraphGraphTest {
  @Test
  void theFitIsNotPolledAndTheRowsWaitingForTheGraphComeInLists() {
    Schema schema = TaxiRows.schema();
    PreprocessConfig config = Configs.yaml(TaxiFitTest.CONFIG);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    var rows = p.apply("rows", Create.of(TaxiRows.train().subList(0, 10)).withRowSchema(schema));
    PCollectionView<TransformGraph> graph = rows.apply("fit", FitTransformGraph.of(config)).apply("graph", View.asSingleton());
    rows.apply("apply", ApplyTransformGraph.of(graph, config));

    List<String> polled = PolledParDos.in(p);
    assertTrue(polled.stream().noneMatch(n -> n.startsWith("fit/")), "polled: " + polled);
    // the rows still wait for the graph (what they need is computed from them), as lists made before it
    assertTrue(polled.contains("apply/apply/ParMultiDo(Apply)"), "polled: " + polled);
    assertTrue(polled.stream().noneMatch(n -> n.contains("blocks")), "the lists are made at once: " + polled);
    assertEquals(List.class, rowsInto(p, "apply/apply/ParMultiDo(Apply)"), "the waiting ParDo reads lists of rows");
  }

  /** The raw type of the elements of the main input of the transform named {@code name}. */
  private static Class<?> rowsInto(Pipeline p, String name) {
    Class<?>[] found = new Class<?>[1];
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        if (node.getFullName().equals(name)) {
          var additional = node.getTransform().getAdditionalInputs();
          node.getInputs().forEach((tag, pc) -> {
            if (!additional.containsKey(tag)) {
              found[0] = pc.getTypeDescriptor() == null ? pc.getCoder().getEncodedTypeDescriptor().getRawType()
                  : pc.getTypeDescriptor().getRawType();
            }
          });
        }
      }
    });
    return found[0];
  }
}
