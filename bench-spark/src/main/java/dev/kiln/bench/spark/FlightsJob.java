package dev.kiln.bench.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The flights delay classifier in Spark MLlib, step for step the Kiln pipeline it is compared with:
 * ingest → features (label {@code delay > 15}, hour and ISO weekday of {@code date}) → 80/20 split →
 * statistics of both splits → preprocess fitted on train (StringIndexer + OneHotEncoder for
 * {@code origin} and {@code destination}, VectorAssembler, StandardScaler) → LogisticRegression →
 * AUC on the 20%.
 *
 * <p>Each phase ends with an action (a count, a collect, a fit), so its time is its own and Spark's
 * laziness does not move work into a later phase. Datasets that later phases read more than once are
 * cached, as an MLlib user would (LogisticRegression warns when its input is not).
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * FlightsJob.Result r = FlightsJob.run(spark, FlightsJob.Settings.of(Path.of("flights-3m.parquet")));
 * System.out.println(r.auc());
 * }</pre>
 */
public final class FlightsJob {
  /** The label: the flight arrived more than this many minutes late. */
  static final int DELAY_MINUTES = 15;

  static final String LABEL = "delayed";

  /** The CSV's columns as scripts/bench/flights.sh writes them from the Parquet file (DuckDB's COPY). */
  static final StructType CSV_SCHEMA = new StructType()
      .add("date", DataTypes.TimestampType)
      .add("delay", DataTypes.LongType)
      .add("distance", DataTypes.LongType)
      .add("origin", DataTypes.StringType)
      .add("destination", DataTypes.StringType);

  /**
   * @param input the flights data: a {@code .parquet} file (vega-datasets' own) or the {@code .csv}
   *     converted from it
   * @param iterations LogisticRegression's maxIter
   * @param trainShare the share of rows in the training split (the rest is evaluated)
   * @param seed the split's seed
   */
  public record Settings(Path input, int iterations, double trainShare, long seed) {
    public Settings {
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
      }
      if (!(trainShare > 0 && trainShare < 1)) {
        throw new IllegalArgumentException("trainShare must be between 0 and 1, got " + trainShare);
      }
      Format.of(input); // fails early on an input that is neither Parquet nor CSV
    }

    /** The benchmark's settings: 20 iterations, 80/20, seed 42. */
    public static Settings of(Path input) {
      return new Settings(input, 20, 0.8, 42);
    }

    public Settings withIterations(int n) {
      return new Settings(input, n, trainShare, seed);
    }

    public Settings withSeed(long s) {
      return new Settings(input, iterations, trainShare, s);
    }
  }

  /** The two file formats the job reads, told by the file name. */
  enum Format {
    PARQUET, CSV;

    static Format of(Path input) {
      String name = input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      if (name.endsWith(".parquet")) {
        return PARQUET;
      }
      if (name.endsWith(".csv")) {
        return CSV;
      }
      throw new IllegalArgumentException("input " + input + ": expected a .parquet or .csv file");
    }
  }

  /**
   * What a run did.
   *
   * @param phaseSeconds wall seconds of each phase, in order
   * @param features the length of the feature vector (3 numeric + the one-hot slots)
   * @param iterations the iterations LogisticRegression ran (at most the setting)
   */
  public record Result(long rows, long trainRows, long evalRows, int features, int iterations, double auc,
      Map<String, Double> phaseSeconds) {}

  private FlightsJob() {}

  public static Result run(SparkSession spark, Settings s) {
    return run(spark, s, (phase, seconds) -> {});
  }

  /** Runs the job, telling {@code onPhase} each phase's name and wall seconds as soon as it ends. */
  public static Result run(SparkSession spark, Settings s, java.util.function.BiConsumer<String, Double> onPhase) {
    Phases phases = new Phases(onPhase);

    Dataset<Row> raw = phases.time("ingest", () -> {
      Dataset<Row> d = read(spark, s.input()).cache();
      d.count();
      return d;
    });
    long rows = raw.count();

    Dataset<Row>[] split = phases.time("features + split", () -> {
      Dataset<Row>[] parts = features(raw).randomSplit(new double[] {s.trainShare(), 1 - s.trainShare()}, s.seed());
      parts[0].cache().count();
      parts[1].cache().count();
      raw.unpersist();
      return parts;
    });
    Dataset<Row> train = split[0];
    Dataset<Row> eval = split[1];
    long trainRows = train.count();
    long evalRows = eval.count();

    phases.time("statistics", () -> {
      String[] columns = {"delay", "distance", "hour", "weekday", "origin", "destination", LABEL};
      train.describe(columns).collectAsList();
      eval.describe(columns).collectAsList();
      return null;
    });

    PipelineModel preprocess = phases.time("preprocess (fit on train)", () -> preprocessing().fit(train));
    Dataset<Row> trainX = phases.time("preprocess (transform train)", () -> {
      Dataset<Row> t = preprocess.transform(train).select(LABEL, "scaled").cache();
      t.count();
      train.unpersist();
      return t;
    });
    int features = ((Vector) trainX.first().getAs("scaled")).size();

    LogisticRegressionModel model = phases.time("train", () -> new LogisticRegression()
        .setMaxIter(s.iterations()).setLabelCol(LABEL).setFeaturesCol("scaled").fit(trainX));
    trainX.unpersist();

    double auc = phases.time("evaluate", () -> new BinaryClassificationEvaluator()
        .setLabelCol(LABEL).setRawPredictionCol("rawPrediction").setMetricName("areaUnderROC")
        .evaluate(model.transform(preprocess.transform(eval))));
    eval.unpersist();

    return new Result(rows, trainRows, evalRows, features, model.summary().totalIterations(), auc, phases.seconds());
  }

  static Dataset<Row> read(SparkSession spark, Path input) {
    String path = input.toAbsolutePath().toString();
    return switch (Format.of(input)) {
      case PARQUET -> spark.read().parquet(path);
      case CSV -> spark.read().option("header", "true").option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
          .schema(CSV_SCHEMA).csv(path);
    };
  }

  /** The label and the date's parts: hour 0–23 and ISO weekday, Monday 1 … Sunday 7. */
  static Dataset<Row> features(Dataset<Row> flights) {
    return flights.select(
        col("delay").gt(DELAY_MINUTES).cast(DataTypes.DoubleType).as(LABEL),
        col("distance").cast(DataTypes.DoubleType).as("distance"),
        hour(col("date")).cast(DataTypes.DoubleType).as("hour"),
        // Spark's dayofweek is Sunday 1 … Saturday 7
        pmod(dayofweek(col("date")).plus(lit(5)), lit(7)).plus(lit(1)).cast(DataTypes.DoubleType).as("weekday"),
        col("delay"),
        col("origin"),
        col("destination"));
  }

  /** One-hot airports (unseen ones in an extra slot), numeric columns as they are, all scaled to unit variance. */
  static Pipeline preprocessing() {
    StringIndexer index = new StringIndexer()
        .setInputCols(new String[] {"origin", "destination"})
        .setOutputCols(new String[] {"origin_index", "destination_index"})
        .setHandleInvalid("keep");
    OneHotEncoder oneHot = new OneHotEncoder()
        .setInputCols(new String[] {"origin_index", "destination_index"})
        .setOutputCols(new String[] {"origin_onehot", "destination_onehot"});
    VectorAssembler assemble = new VectorAssembler()
        .setInputCols(new String[] {"distance", "hour", "weekday", "origin_onehot", "destination_onehot"})
        .setOutputCol("features");
    // withMean false keeps the one-hot vectors sparse (Spark's default)
    StandardScaler scale = new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithStd(true).setWithMean(false);
    return new Pipeline().setStages(new PipelineStage[] {index, oneHot, assemble, scale});
  }

  /** Wall time per named phase. */
  static final class Phases {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final java.util.function.BiConsumer<String, Double> onPhase;

    Phases(java.util.function.BiConsumer<String, Double> onPhase) {
      this.onPhase = onPhase;
    }

    <T> T time(String name, java.util.function.Supplier<T> work) {
      long start = System.nanoTime();
      T result = work.get();
      double s = (System.nanoTime() - start) / 1e9;
      seconds.put(name, s);
      onPhase.accept(name, s);
      return result;
    }

    Map<String, Double> seconds() {
      return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seconds)); // in phase order
    }
  }
}
