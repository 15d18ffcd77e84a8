package dev.kiln.examples.taxi;

import dev.kiln.cli.Kiln;
import dev.kiln.core.api.Csv;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.Split;
import dev.kiln.core.api.StepHandle;
import dev.kiln.core.api.Steps;
import java.util.List;
import java.util.Map;

/**
 * The Java twin of {@code pipelines/taxi.yaml}: the same steps, settings and wiring, so the same spec
 * and hash (checked by {@code TaxiPipelineTest}). Built-in ML steps are added with
 * {@link Steps#uses(String, Object)} and their settings as maps, exactly as the YAML's {@code with:}.
 */
public final class TaxiPipeline {
  private TaxiPipeline() {}

  public static KilnPipeline build() {
    KilnPipeline taxi = KilnPipeline.named("taxi");
    StepHandle trips = taxi.add("data", Csv.read("examples/data/taxi.csv"));
    StepHandle splits = taxi.add("split", Split.byHash("trip_start_timestamp").ratios("train", 0.8, "eval", 0.2), trips.get("examples"));
    StepHandle label = taxi.add("label", Steps.transform(new DeriveBigTipper()), splits);

    StepHandle stats = taxi.add("stats", Steps.uses("statistics", null), label.get("examples"));
    StepHandle schema = taxi.add("schema", Steps.uses("schema", null), Map.of("statistics", stats.get("statistics")));
    taxi.add("validate", Steps.uses("validate", Map.of("onAnomalies", "warn", "drift", Map.of("against", "train"))),
        Map.of("statistics", stats.get("statistics"), "schema", schema.get("schema")));

    StepHandle preprocess = taxi.add("preprocess", Steps.uses("preprocess", Map.of(
        "fitOn", "train",
        "passthrough", List.of("big_tipper"),
        "features", Map.of(
            "fare", Map.of("impute", "mean", "standardize", true),
            "trip_miles", Map.of("impute", "mean", "standardize", true),
            "trip_seconds", Map.of("impute", "median", "standardize", true),
            "trip_start_hour", Map.of("vocabulary", Map.of("topK", 24), "oneHot", true),
            "payment_type", Map.of("vocabulary", Map.of("topK", 10, "oovBuckets", 1), "oneHot", true),
            "company", Map.of("hash", Map.of("buckets", 16), "oneHot", true),
            "pickup_latitude", Map.of("impute", "mean", "bucketize", Map.of("buckets", 10), "oneHot", true),
            "trip_start_day", Map.of("vocabulary", Map.of("topK", 7), "oneHot", true),
            "pickup_community_area", Map.of("vocabulary", Map.of("topK", 80, "oovBuckets", 1), "oneHot", true),
            "dropoff_community_area", Map.of("vocabulary", Map.of("topK", 80, "oovBuckets", 1), "oneHot", true)))),
        label.get("examples"));
    StepHandle train = taxi.add("train", Steps.uses("train", Map.of("label", "big_tipper", "algorithm", "logistic", "backend", "local")),
        Map.of("examples", preprocess.get("examples", "train"), "graph", preprocess.get("graph")));
    StepHandle evaluate = taxi.add("evaluate", Steps.uses("evaluate", Map.of(
        "label", "big_tipper",
        "slices", List.of("payment_type", "trip_start_hour"),
        "thresholds", Map.of("auc", Map.of("min", 0.6)))),
        Map.of("examples", label.get("examples", "eval"), "model", train.get("model")));
    taxi.add("push", Steps.uses("push", Map.of("destination", "models/taxi")),
        Map.of("model", train.get("model"), "blessing", evaluate.get("blessing")));
    taxi.add("infer", Steps.uses("infer", null),
        Map.of("examples", label.get("examples", "eval"), "model", train.get("model")));
    return taxi;
  }

  public static void main(String[] args) {
    System.exit(Kiln.run(build(), args));
  }
}
