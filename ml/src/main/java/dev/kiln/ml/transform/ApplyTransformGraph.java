package dev.kiln.ml.transform;

import dev.kiln.core.io.RowSchemas;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Applies a TransformGraph, given as a side input of its JSON text (the very document that is
 * committed), to raw rows. The graph is parsed once per DoFn instance and reused for every row.
 *
 * <pre>{@code PCollection<Row> out = rows.apply(ApplyTransformGraph.of(graphJsonView, plan.outputSchema()));}</pre>
 */
public final class ApplyTransformGraph extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final PCollectionView<String> graphJson;
  private final Schema outputSchema;

  private ApplyTransformGraph(PCollectionView<String> graphJson, Schema outputSchema) {
    this.graphJson = Objects.requireNonNull(graphJson, "graphJson");
    this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
  }

  /**
   * @param graphJson a singleton view of the graph's JSON
   * @param outputSchema the schema the graph gives (known from the plan before the graph is fitted)
   */
  public static ApplyTransformGraph of(PCollectionView<String> graphJson, Schema outputSchema) {
    return new ApplyTransformGraph(graphJson, outputSchema);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    return rows.apply("apply", ParDo.of(new ApplyFn(graphJson, outputSchema)).withSideInputs(graphJson))
        .setRowSchema(outputSchema);
  }

  private static final class ApplyFn extends DoFn<Row, Row> {
    private final PCollectionView<String> graphJson;
    private final Schema outputSchema;
    private transient String parsedFrom;
    private transient TransformGraph graph;

    ApplyFn(PCollectionView<String> graphJson, Schema outputSchema) {
      this.graphJson = graphJson;
      this.outputSchema = outputSchema;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String json = c.sideInput(graphJson);
      if (graph == null || (json != parsedFrom && !json.equals(parsedFrom))) {
        TransformGraph g = TransformGraph.fromJson(json);
        // planned in the client JVM, the graph's built here: RowSchemas says why not Schema.equals
        if (!RowSchemas.sameColumns(g.outputSchema(), outputSchema)) {
          throw new IllegalStateException("the TransformGraph gives rows " + g.outputSchema() + ", not the planned " + outputSchema);
        }
        graph = g;
        parsedFrom = json;
      }
      c.output(graph.apply(c.element()));
    }
  }
}
