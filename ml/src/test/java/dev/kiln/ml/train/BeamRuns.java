package dev.kiln.ml.train;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Runs trainers on in-memory rows with the DirectRunner and hands back the model JSON. Its encodability
 * check is on (every element goes through its coder); its immutability check is off: it walks the
 * whole pipeline graph for every bundle, and the distributed trainer unrolls one set of transforms per
 * pass, so the check alone made a 20-pass test take minutes. (The trainer never changes an element
 * or side input it was given: {@link LbfgsState#next} returns a new state.)
 */
final class BeamRuns {
  private static final Map<String, String> OUTPUTS = new ConcurrentHashMap<>();

  private BeamRuns() {}

  /** One pipeline, each trainer applied to the same rows; the model JSON of each, in order. */
  @SafeVarargs
  static List<String> train(Schema schema, List<Row> rows, PTransform<PCollection<Row>, PCollection<String>>... trainers) {
    Pipeline p = Pipeline.create(options());
    PCollection<Row> input = p.apply("rows", Create.of(rows).withRowSchema(schema));
    String[] keys = new String[trainers.length];
    for (int i = 0; i < trainers.length; i++) {
      keys[i] = UUID.randomUUID().toString();
      input.apply("train " + i, trainers[i]).apply("keep " + i, ParDo.of(new Keep(keys[i])));
    }
    p.run().waitUntilFinish();
    return java.util.Arrays.stream(keys).map(k -> {
      String json = OUTPUTS.remove(k);
      if (json == null) {
        throw new AssertionError("the trainer produced no model");
      }
      return json;
    }).toList();
  }

  /**
   * As {@link #train}, with the TransformGraph document {@code graphJson} as a side input: each
   * trainer is made from the graph's view.
   */
  @SafeVarargs
  static List<String> trainWithGraph(Schema schema, List<Row> rows, String graphJson,
      java.util.function.Function<PCollectionView<String>, PTransform<PCollection<Row>, PCollection<String>>>... trainers) {
    Pipeline p = Pipeline.create(options());
    PCollection<Row> input = p.apply("rows", Create.of(rows).withRowSchema(schema));
    PCollectionView<String> graph = p.apply("graph", Create.of(graphJson)).apply("graph view", View.asSingleton());
    String[] keys = new String[trainers.length];
    for (int i = 0; i < trainers.length; i++) {
      keys[i] = UUID.randomUUID().toString();
      input.apply("train " + i, trainers[i].apply(graph)).apply("keep " + i, ParDo.of(new Keep(keys[i])));
    }
    p.run().waitUntilFinish();
    return java.util.Arrays.stream(keys).map(k -> {
      String json = OUTPUTS.remove(k);
      if (json == null) {
        throw new AssertionError("the trainer produced no model");
      }
      return json;
    }).toList();
  }

  private static org.apache.beam.sdk.options.PipelineOptions options() {
    org.apache.beam.runners.direct.DirectOptions o = PipelineOptionsFactory.create().as(org.apache.beam.runners.direct.DirectOptions.class);
    o.setRunner(org.apache.beam.runners.direct.DirectRunner.class);
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(true);
    return o;
  }

  private static final class Keep extends DoFn<String, Void> {
    private final String key;

    Keep(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element String json) {
      if (OUTPUTS.putIfAbsent(key, json) != null) {
        throw new AssertionError("the trainer produced more than one model");
      }
    }
  }
}
