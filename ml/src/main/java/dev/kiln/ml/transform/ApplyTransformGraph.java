package dev.kiln.ml.transform;

import dev.kiln.core.io.RowSchemas;
import dev.kiln.core.transforms.InBlocks;
import dev.kiln.ml.DocumentViews;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Applies a fitted {@link TransformGraph}, given as a singleton side input, to raw rows: every row
 * becomes a row of the graph's output schema (the feature columns, then the passthrough columns). This
 * is what the {@code preprocess} step applies to every split.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PCollectionView<TransformGraph> graph = train.apply(FitTransformGraph.of(config)).apply(View.asSingleton());
 * PCollection<Row> trainFeatures = train.apply("ApplyTrain", ApplyTransformGraph.of(graph, config));
 * PCollection<Row> evalFeatures = eval.apply("ApplyEval", ApplyTransformGraph.of(graph, config));
 * }</pre>
 *
 * <p>The output schema follows from the config and the input schema alone (see the package docs), so
 * it is known when the pipeline is built, before the graph is fitted; a graph that gives other columns
 * fails the job. Inside, the graph travels as its canonical JSON (the very document the step commits)
 * and is parsed once per DoFn instance; rows reach it in lists ({@link InBlocks}), since they arrive
 * long before the graph is fitted.
 */
public final class ApplyTransformGraph extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final PCollectionView<TransformGraph> graph;
  private final PCollectionView<String> graphJson;
  private final PreprocessConfig config;
  private final Schema outputSchema;

  private ApplyTransformGraph(PCollectionView<TransformGraph> graph, PCollectionView<String> graphJson,
      PreprocessConfig config, Schema outputSchema) {
    this.graph = graph;
    this.graphJson = graphJson;
    this.config = config;
    this.outputSchema = outputSchema;
  }

  /**
   * @param graph a singleton view of the graph, e.g. {@link FitTransformGraph}'s output as {@code View.asSingleton()}
   * @param config the config the graph was fitted with: with the input's schema, it gives the output schema
   */
  public static ApplyTransformGraph of(PCollectionView<TransformGraph> graph, PreprocessConfig config) {
    return new ApplyTransformGraph(Objects.requireNonNull(graph, "graph"), null, Objects.requireNonNull(config, "config"), null);
  }

  /**
   * @param graphJson a singleton view of the graph's JSON (a committed TransformGraph document)
   * @param outputSchema the schema the graph gives (known from the plan before the graph is fitted)
   */
  public static ApplyTransformGraph ofJson(PCollectionView<String> graphJson, Schema outputSchema) {
    return new ApplyTransformGraph(null, Objects.requireNonNull(graphJson, "graphJson"), null,
        Objects.requireNonNull(outputSchema, "outputSchema"));
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema out = outputSchema != null ? outputSchema : PreprocessPlan.of(config, rows.getSchema()).outputSchema();
    PCollectionView<String> json = graphJson != null ? graphJson
        : DocumentViews.json(rows.getPipeline(), "graph", graph, TransformGraph::toJson);
    return RowSchemas.setOn(rows.apply("blocks", InBlocks.of(InBlocks.DEFAULT_SIZE))
        .apply("apply", ParDo.of(new ApplyFn(json, out)).withSideInputs(json)), out);
  }

  private static final class ApplyFn extends DoFn<List<Row>, Row> {
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
      for (Row row : c.element()) {
        c.output(graph.apply(row));
      }
    }
  }
}
