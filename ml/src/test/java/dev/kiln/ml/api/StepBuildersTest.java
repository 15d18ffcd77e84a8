package dev.kiln.ml.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.api.Avro;
import dev.kiln.core.api.Csv;
import dev.kiln.core.api.DatasetOutputs;
import dev.kiln.core.api.Derive;
import dev.kiln.core.api.Json;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.KilnStep;
import dev.kiln.core.api.Parquet;
import dev.kiln.core.api.SourceOutputs;
import dev.kiln.core.api.Split;
import dev.kiln.core.api.TfRecord;
import dev.kiln.core.api.Transform;
import dev.kiln.core.io.csv.CsvColumnType;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.core.step.StepType;
import dev.kiln.core.testing.AddN;
import dev.kiln.ml.evaluate.Threshold;
import dev.kiln.ml.model.ModelAlgorithm;
import dev.kiln.ml.model.ModelTask;
import dev.kiln.ml.transform.DeriveConfig;
import dev.kiln.ml.transform.FeatureConfig;
import dev.kiln.ml.validate.Comparison;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The typed builders and the step types' config records cannot drift apart: every step type has a
 * builder, every field of its config record a {@code with…} method (or the factory), and a builder with
 * every setting set writes exactly the keys of the record and reads back through the YAML loader to the
 * same normalized config.
 */
class StepBuildersTest {
  /** Step type to its builder. A new step type fails {@link #everyStepTypeHasABuilder} until it gets one. */
  private static final Map<String, Class<?>> BUILDERS = new TreeMap<>(Map.ofEntries(
      Map.entry("csv", Csv.class), Map.entry("json", Json.class), Map.entry("parquet", Parquet.class),
      Map.entry("avro", Avro.class), Map.entry("tfrecord", TfRecord.class), Map.entry("split", Split.class),
      Map.entry("derive", Derive.class), Map.entry("transform", Transform.class),
      Map.entry("statistics", ComputeStatistics.class), Map.entry("schema", InferSchema.class),
      Map.entry("validate", Validate.class), Map.entry("preprocess", Preprocess.class), Map.entry("train", Train.class),
      Map.entry("evaluate", Evaluate.class), Map.entry("infer", Infer.class), Map.entry("push", Push.class)));

  /** Settings given to a builder's factory rather than by a with… method. */
  private static final Set<String> FACTORY_SETTINGS = Set.of("csv.path", "json.path", "parquet.path", "avro.path", "tfrecord.path");

  private static final StepRegistry REGISTRY = StepRegistry.standard();

  /** The typed outputs of the sample pipeline's steps, by step name. */
  private static final Map<String, dev.kiln.core.api.StepHandle> HANDLES = new TreeMap<>();

  @Test
  void everyStepTypeHasABuilder() {
    assertEquals(REGISTRY.names(), BUILDERS.keySet());
  }

  @Test
  void everySettingOfEveryConfigRecordHasAWithMethod() {
    List<String> missing = new ArrayList<>();
    BUILDERS.forEach((type, builder) -> {
      Class<?> config = REGISTRY.find(type).configClass();
      if (config != Void.class) {
        missing.addAll(missingSettings(type, config, builder));
      }
    });
    missing.addAll(missingSettings("preprocess.features", FeatureConfig.class, Feature.class));
    assertEquals(List.of(), missing);
  }

  private static List<String> missingSettings(String type, Class<?> record, Class<?> builder) {
    Set<String> methods = new TreeSet<>();
    for (Method m : builder.getMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("with") && m.getReturnType() == builder) {
        methods.add(m.getName());
      }
    }
    List<String> missing = new ArrayList<>();
    for (RecordComponent c : record.getRecordComponents()) {
      String with = "with" + Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1);
      // withImpute covers withImputeMean, withImputeConstant, ...
      boolean covered = methods.stream().anyMatch(m -> m.equals(with) || m.startsWith(with) && Character.isUpperCase(m.charAt(with.length())));
      if (!covered && !FACTORY_SETTINGS.contains(type + "." + c.getName())) {
        missing.add(type + "." + c.getName() + " (" + builder.getSimpleName() + "." + with + ")");
      }
    }
    return missing;
  }

  /** A pipeline that sets every setting of every step type at least once (train in three samples: some settings of the trainers exclude each other). */
  private static KilnPipeline everySetting(Map<String, List<JsonNode>> written) {
    KilnPipeline p = KilnPipeline.named("builders");
    SourceOutputs csv = add(p, written, "csv", Csv.read("data.csv").withDelimiter(';').withColumn("id", CsvColumnType.LONG)
        .withColumn("when", CsvColumnType.TIMESTAMP).withRequired("id").withMaxRejectedShare(0.1).withSampleRows(10)
        .withEncoding("windows-1252").withMaxFieldBytes(4096).withMaxHeaderBytes(8192));
    add(p, written, "json", Json.read("data.jsonl").withSchema(new LinkedHashMap<>(Map.of("id", CsvColumnType.LONG))).withRequired("id")
        .withMaxRejectedShare(0.2).withSampleRows(5));
    add(p, written, "parquet", Parquet.read("data.parquet").withRequired("id").withMaxRejectedShare(0.3));
    add(p, written, "avro", Avro.read("data.avro"));
    add(p, written, "tfrecord", TfRecord.read("data.tfrecord").withFormat("tfrecord"));
    DatasetOutputs split = add(p, written, "split", Split.of(csv.examples()).withKey("id").withRatio("train", 0.75).withRatio("eval", 0.25));
    DatasetOutputs derived = add(p, written, "derive", Derive.of(split.examples()).withColumn("big", "id > 3")
        .withColumn("hour", "hour(when)").withDrop("when"));
    DatasetOutputs added = add(p, written, "transform", Transform.of(derived.examples(), new AddN(new AddN.Settings(2, "plus"))));
    ComputeStatistics.Outputs stats = add(p, written, "statistics", ComputeStatistics.of(added.examples()).withQuantileSketchK(64)
        .withQuantiles(5).withHistogramBuckets(8).withHllPrecision(12).withTopK(7).withHeavyHitterCapacity(100));
    ComputeStatistics.Outputs baseline = p.add("baseline", ComputeStatistics.of(split.examples()));
    InferSchema.Outputs schema = add(p, written, "schema", InferSchema.of(stats.statistics()).withSplit("eval").withMaxDomainSize(5)
        .withRangeMargin(0.2));
    add(p, written, "schema", "pinned", InferSchema.of(stats.statistics()).withPath("schema.json"));
    add(p, written, "validate", Validate.of(stats.statistics(), schema.schema()).withBaseline(baseline.statistics())
        .withOnAnomalies(Validate.OnAnomalies.WARN).withDrift(Validate.against("train"))
        .withSkew(new Comparison(null, 0.2, 0.3, Map.of("id", 0.5))).withMinShare(0.01));
    Preprocess.Outputs pre = add(p, written, "preprocess", Preprocess.of(added.examples()).withFitOn("train").withPassthrough("big")
        .withDerive(Map.of("log_id", new DeriveConfig("id", null, null, null)))
        .withFeature("id", Feature.of().withImputeMean().withStandardize())
        .withFeature("plus", Feature.of().withImputeConstant(0).withBucketize(4).withOneHot())
        .withFeature("hour", Feature.of().withImputeMostFrequent().withVocabulary(24, 1).withOneHot())
        .withFeature("x", Feature.of().withImputeMedian().withMinMax())
        .withFeature("y", Feature.of().withHash(16)));
    Train.Outputs linear = add(p, written, "train", Train.of(pre.examples().split("train")).withGraph(pre.graph()).withLabel("plus")
        .withFeatures("id", "hour").withAlgorithm(ModelAlgorithm.LINEAR).withBackend(Train.Backend.DISTRIBUTED)
        .withTask(ModelTask.REGRESSION).withL2(0.1).withIterations(7).withTolerance(1e-4));
    add(p, written, "train", "sgd", Train.of(pre.examples().split("train")).withLabel("big").withAlgorithm(ModelAlgorithm.LOGISTIC)
        .withLearningRate(0.5).withSeed(3));
    add(p, written, "train", "forest", Train.of(pre.examples().split("train")).withLabel("big").withAlgorithm(ModelAlgorithm.RANDOM_FOREST)
        .withBackend(Train.Backend.LOCAL).withTrees(5).withMaxDepth(3).withFeatureFraction(0.5).withSeed(1).withMaxLocalRows(1000));
    Evaluate.Outputs evaluate = add(p, written, "evaluate", Evaluate.of(added.examples().split("eval"), linear.model()).withLabel("plus")
        .withSlices("hour").withThreshold(0.4).withMinSliceSize(10).withThresholds(Map.of("rmse", new Threshold(null, 3.0, null)))
        .withBaseline("models/prev"));
    add(p, written, "infer", Infer.of(added.examples().split("eval"), linear.model()).withKeep("id"));
    add(p, written, "push", Push.of(linear.model(), evaluate.blessing()).withDestination("models/next"));
    return p;
  }

  private static <O extends dev.kiln.core.api.StepHandle> O add(KilnPipeline p, Map<String, List<JsonNode>> written, String type,
      KilnStep<?, O> step) {
    return add(p, written, type, type, step);
  }

  private static <O extends dev.kiln.core.api.StepHandle> O add(KilnPipeline p, Map<String, List<JsonNode>> written, String type,
      String name, KilnStep<?, O> step) {
    written.computeIfAbsent(type, t -> new ArrayList<>()).add(step.settings());
    O outputs = p.add(name, step);
    HANDLES.put(name, outputs);
    return outputs;
  }

  @Test
  void aBuilderWritesEveryKeyOfItsConfigRecordAndNoOther() {
    Map<String, List<JsonNode>> written = new TreeMap<>();
    everySetting(written);
    assertEquals(BUILDERS.keySet(), written.keySet(), "every step type is in the sample pipeline");
    written.forEach((type, samples) -> {
      Class<?> config = REGISTRY.find(type).configClass();
      Set<String> expected = new TreeSet<>();
      if (config != Void.class) {
        Arrays.stream(config.getRecordComponents()).forEach(c -> expected.add(c.getName()));
      } else if (type.equals("transform")) {
        Arrays.stream(AddN.Settings.class.getRecordComponents()).forEach(c -> expected.add(c.getName()));
      }
      Set<String> keys = new TreeSet<>();
      samples.forEach(s -> s.fieldNames().forEachRemaining(keys::add));
      assertEquals(expected, keys, type);
    });
  }

  @Test
  void theBuildersSpecReadBackThroughTheYamlLoaderIsTheSamePipeline() {
    KilnPipeline java = everySetting(new TreeMap<>());
    ResolvedPipeline fromJava = java.resolve(REGISTRY);
    // The spec as the builders wrote it (canonical JSON is YAML), read by the YAML loader, without the Java instances.
    String yaml = java.spec().canonicalJson();
    ResolvedPipeline fromYaml = new PipelineResolver(REGISTRY).resolve(YamlSpecLoader.parse(yaml, "builders.yaml"), "builders.yaml");
    assertEquals(fromJava.spec().canonicalJson(), fromYaml.spec().canonicalJson());
    assertEquals(fromJava.spec().hash(), fromYaml.spec().hash());
    assertTrue(fromJava.spec().steps().size() > BUILDERS.size());
  }

  /** A port of the wrong kind, or one a step does not have, is a compile error, not a resolve error. */
  @Test
  void aWrongWireDoesNotCompile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws java.io.IOException {
    String header = """
        package wires;
        import dev.kiln.core.api.*;
        import dev.kiln.ml.api.*;
        class Wires {
          static void wire(KilnPipeline p) {
            SourceOutputs data = p.add("data", Csv.read("a.csv"));
            Train.Outputs train = p.add("train", Train.of(data.examples()).withLabel("y"));
        """;
    assertEquals("", compile(tmp, header + "    p.add(\"evaluate\", Evaluate.of(data.examples(), train.model()));\n  }\n}\n"),
        "the right wiring compiles");
    String swapped = compile(tmp, header + "    p.add(\"evaluate\", Evaluate.of(train.model(), data.examples()));\n  }\n}\n");
    assertTrue(swapped.contains("incompatible types: Port<Model> cannot be converted to Port<Dataset>"), swapped);
    String noSuchPort = compile(tmp, header + "    p.add(\"evaluate\", Evaluate.of(data.model(), train.model()));\n  }\n}\n");
    assertTrue(noSuchPort.contains("cannot find symbol") && noSuchPort.contains("method model()"), noSuchPort);
  }

  /** javac's error text for {@code source}, "" when it compiles. */
  private static String compile(java.nio.file.Path tmp, String source) throws java.io.IOException {
    java.nio.file.Path file = tmp.resolve("wires/Wires.java");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, source);
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int code = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null,
        new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8),
        "-classpath", System.getProperty("java.class.path"), "-d", tmp.resolve("classes").toString(), file.toString());
    String text = errors.toString(java.nio.charset.StandardCharsets.UTF_8);
    return code == 0 ? "" : text.isEmpty() ? "exit " + code : text;
  }

  /**
   * Every typed output port names a port the step has, with the kind the step declares for it (the
   * inputs' kinds are checked by resolving the sample pipeline: a wrongly typed factory would not wire).
   */
  @Test
  void everyTypedOutputPortIsAPortOfTheStepWithItsKind() {
    ResolvedPipeline resolved = everySetting(new TreeMap<>()).resolve(REGISTRY);
    int ports = 0;
    for (Map.Entry<String, dev.kiln.core.api.StepHandle> e : HANDLES.entrySet()) {
      for (Method m : e.getValue().getClass().getMethods()) {
        if (m.getReturnType() != dev.kiln.core.api.Port.class) {
          continue;
        }
        Class<?> kind = (Class<?>) ((java.lang.reflect.ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[0];
        String step = e.getKey();
        assertTrue(resolved.outputSplits().get(step).containsKey(m.getName()), step + " has no output " + m.getName());
        assertEquals(resolved.step(step).outputKind(m.getName()), kind.getSimpleName(), step + "." + m.getName());
        ports++;
      }
    }
    assertTrue(ports >= 20, "ports checked: " + ports);
  }
}
