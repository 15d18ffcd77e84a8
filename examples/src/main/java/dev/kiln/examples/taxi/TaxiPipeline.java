package dev.kiln.examples.taxi;

import dev.kiln.cli.Kiln;
import dev.kiln.core.api.Csv;
import dev.kiln.core.api.DatasetOutputs;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.SourceOutputs;
import dev.kiln.core.api.Split;
import dev.kiln.core.api.Transform;
import dev.kiln.ml.api.ComputeStatistics;
import dev.kiln.ml.api.Evaluate;
import dev.kiln.ml.api.Feature;
import dev.kiln.ml.api.Infer;
import dev.kiln.ml.api.InferSchema;
import dev.kiln.ml.api.Preprocess;
import dev.kiln.ml.api.Push;
import dev.kiln.ml.api.Train;
import dev.kiln.ml.api.Validate;
import dev.kiln.ml.model.ModelAlgorithm;

/**
 * The Java twin of {@code pipelines/taxi.yaml}: the same steps, settings and wiring, so the same spec
 * and hash (checked by {@code TaxiPipelineTest}). Every step is a typed builder and every connection a
 * typed port: {@code train.model()} is a {@code Port<Kind.Model>}, so wiring it to an input that reads
 * a dataset does not compile.
 */
public final class TaxiPipeline {
  private TaxiPipeline() {}

  public static KilnPipeline build() {
    KilnPipeline taxi = KilnPipeline.named("taxi");
    SourceOutputs data = taxi.add("data", Csv.read("examples/data/taxi.csv"));
    DatasetOutputs split = taxi.add("split",
        Split.of(data.examples()).withKey("trip_start_timestamp").withRatio("train", 0.8).withRatio("eval", 0.2));
    DatasetOutputs label = taxi.add("label", Transform.of(split.examples(), new DeriveBigTipper()));

    ComputeStatistics.Outputs stats = taxi.add("stats", ComputeStatistics.of(label.examples()));
    InferSchema.Outputs schema = taxi.add("schema", InferSchema.of(stats.statistics()));
    taxi.add("validate", Validate.of(stats.statistics(), schema.schema())
        .withOnAnomalies(Validate.OnAnomalies.WARN)
        .withDrift(Validate.against("train")));

    Preprocess.Outputs preprocess = taxi.add("preprocess", Preprocess.of(label.examples())
        .withFitOn("train")
        .withPassthrough(DeriveBigTipper.LABEL)
        .withFeature("fare", Feature.of().withImputeMean().withStandardize())
        .withFeature("trip_miles", Feature.of().withImputeMean().withStandardize())
        .withFeature("trip_seconds", Feature.of().withImputeMedian().withStandardize())
        .withFeature("trip_start_hour", Feature.of().withVocabulary(24).withOneHot())
        .withFeature("payment_type", Feature.of().withVocabulary(10, 1).withOneHot())
        .withFeature("company", Feature.of().withHash(16).withOneHot())
        .withFeature("pickup_latitude", Feature.of().withImputeMean().withBucketize(10).withOneHot())
        .withFeature("trip_start_day", Feature.of().withVocabulary(7).withOneHot())
        .withFeature("pickup_community_area", Feature.of().withVocabulary(80, 1).withOneHot())
        .withFeature("dropoff_community_area", Feature.of().withVocabulary(80, 1).withOneHot()));
    Train.Outputs train = taxi.add("train", Train.of(preprocess.examples().split("train"))
        .withGraph(preprocess.graph())
        .withLabel(DeriveBigTipper.LABEL)
        .withAlgorithm(ModelAlgorithm.LOGISTIC)
        .withBackend(Train.Backend.LOCAL));
    Evaluate.Outputs evaluate = taxi.add("evaluate", Evaluate.of(label.examples().split("eval"), train.model())
        .withLabel(DeriveBigTipper.LABEL)
        .withSlices("payment_type", "trip_start_hour")
        .withMinimum("auc", 0.6));
    taxi.add("push", Push.of(train.model(), evaluate.blessing()).withDestination("models/taxi"));
    taxi.add("infer", Infer.of(label.examples().split("eval"), train.model()));
    return taxi;
  }

  public static void main(String[] args) {
    System.exit(Kiln.run(build(), args));
  }
}
