package dev.kiln.ml.train;

import dev.kiln.ml.model.ModelDocument;
import dev.kiln.ml.transform.Encoding;
import dev.kiln.ml.transform.FittedFeature;
import dev.kiln.ml.transform.InputColumn;
import dev.kiln.ml.transform.TransformGraph;
import dev.kiln.ml.transform.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * {@code scripts/bench/train.sh sparse [rows] [passes] [runner]}: the distributed trainer's time per
 * pass for 15, 500 and 10,000 features (see {@link TrainingBenchmark}). Per pass is the slope between
 * a run of 2 passes and one of {@code passes}, each the faster of two runs; the tolerance is set so
 * small that no run stops early. Rows are generated from their index (5 standard normal columns, a
 * category, a label drawn from a logistic model), so every run sees the same data.
 */
final class SparseBenchmark {
  private static final Map<String, String> MODELS = new ConcurrentHashMap<>();

  private SparseBenchmark() {}

  /** A shape: numeric columns and the terms of one one-hot column (0: none). */
  private record Shape(String name, int numeric, int oneHot) implements java.io.Serializable {
    int features() {
      return numeric + oneHot;
    }

    int nonZeros() {
      return numeric + (oneHot > 0 ? 1 : 0);
    }

    Schema schema() {
      Schema.Builder b = Schema.builder();
      for (int i = 0; i < numeric; i++) {
        b.addDoubleField("x" + i);
      }
      if (oneHot > 0) {
        b.addInt64Field("cat");
      }
      return b.addBooleanField("label").build();
    }

    /** The graph that marks {@code cat} as a one-hot index of {@code oneHot} terms (as preprocess would). */
    String graph() {
      List<InputColumn> inputs = new ArrayList<>();
      List<FittedFeature> features = new ArrayList<>();
      inputs.add(InputColumn.of(Schema.Field.of("label", Schema.FieldType.BOOLEAN)));
      if (oneHot > 0) {
        inputs.add(InputColumn.of(Schema.Field.of("cat", Schema.FieldType.INT64)));
        features.add(new FittedFeature("cat", ValueKind.NUMBER, null, new Encoding.Hash(oneHot), true));
      }
      for (int i = 0; i < numeric; i++) {
        inputs.add(InputColumn.of(Schema.Field.of("x" + i, Schema.FieldType.DOUBLE)));
        features.add(new FittedFeature("x" + i, ValueKind.NUMBER, null, new Encoding.Identity(), false));
      }
      inputs.sort(java.util.Comparator.comparing(InputColumn::name));
      return new TransformGraph(TransformGraph.FORMAT, "train", 0, inputs, List.of(), features, List.of("label")).toJson();
    }
  }

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String runner = args.length > 2 ? args[2] : "direct";
    List<Shape> shapes = List.of(new Shape("15 numeric", 15, 0), new Shape("5 numeric + one-hot 10", 5, 10),
        new Shape("5 numeric + one-hot 495", 5, 495), new Shape("5 numeric + one-hot 9,995", 5, 9_995));
    System.out.printf(Locale.ROOT, "sparse training benchmark: %,d rows, %d passes, runner %s, %d cores, java %s,"
        + " load average %.1f%n", rows, passes, runner, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), TrainingBenchmark.load());
    time(runner, shapes.get(0), 20_000, 2); // warm up
    System.out.printf(Locale.ROOT, "%n| features | shape | non-zeros a row | 2 passes | %d passes | per pass | training AUC |%n", passes);
    System.out.printf(Locale.ROOT, "| ---: | --- | ---: | ---: | ---: | ---: | ---: |%n");
    for (Shape shape : shapes) {
      Result two = null;
      Result many = null;
      for (int round = 0; round < 2; round++) {
        two = faster(two, time(runner, shape, rows, 2));
        many = faster(many, time(runner, shape, rows, passes));
      }
      double perPass = (many.millis - two.millis) / (double) (passes - 2);
      System.out.printf(Locale.ROOT, "| %,d | %s | %d | %,d ms | %,d ms | %,.0f ms | %.4f |%n", shape.features(),
          shape.name(), shape.nonZeros(), two.millis, many.millis, perPass, many.model.training().auc());
      if (many.model.training().passes() != passes) {
        System.out.printf(Locale.ROOT, "  (the %d-pass run stopped after %d passes)%n", passes, many.model.training().passes());
      }
    }
    System.out.printf(Locale.ROOT, "load average at the end: %.1f%n", TrainingBenchmark.load());
  }

  private record Result(long millis, ModelDocument model) {}

  private static Result faster(Result a, Result b) {
    return a == null || b.millis < a.millis ? b : a;
  }

  private static Result time(String runner, Shape shape, long rows, int passes) {
    String key = UUID.randomUUID().toString();
    Pipeline p = Pipeline.create(TrainingBenchmark.options(runner));
    Schema schema = shape.schema();
    PCollectionView<String> graph = p.apply("graph", Create.of(shape.graph())).apply("graph view", View.asSingleton());
    TrainingSetup setup = Configs.setup(schema, "label", "label", "backend", "distributed", "iterations", passes,
        "tolerance", 1e-15);
    p.apply("index", GenerateSequence.from(0).to(rows))
        .apply("generate", ParDo.of(new GenerateFn(shape)))
        .setRowSchema(schema)
        .apply("train", new DistributedTrainer(setup, graph))
        .apply("keep", ParDo.of(new KeepFn(key)));
    long start = System.nanoTime();
    p.run().waitUntilFinish();
    return new Result((System.nanoTime() - start) / 1_000_000, ModelDocument.fromJson(MODELS.remove(key)));
  }

  private static final class GenerateFn extends DoFn<Long, Row> {
    private final Shape shape;
    private transient Schema schema;

    GenerateFn(Shape shape) {
      this.shape = shape;
    }

    @ProcessElement
    public void process(@Element Long i, OutputReceiver<Row> out) {
      if (schema == null) {
        schema = shape.schema();
      }
      Random r = new Random(i * 0x9E3779B97F4A7C15L);
      List<Object> values = new ArrayList<>();
      double z = 0;
      for (int j = 0; j < shape.numeric; j++) {
        double x = r.nextGaussian();
        values.add(x);
        z += (j % 2 == 0 ? 0.5 : -0.5) * x;
      }
      if (shape.oneHot > 0) {
        long cat = r.nextInt(shape.oneHot);
        values.add(cat);
        z += cat % 3 == 0 ? 1 : -0.5;
      }
      values.add(r.nextDouble() < 1 / (1 + Math.exp(-z)));
      out.output(Row.withSchema(schema).addValues(values).build());
    }
  }

  private static final class KeepFn extends DoFn<String, Void> {
    private final String key;

    KeepFn(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element String json) {
      MODELS.put(key, json);
    }
  }
}
