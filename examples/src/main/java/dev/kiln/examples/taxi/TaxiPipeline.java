package dev.kiln.examples.taxi;

import dev.kiln.cli.Kiln;
import dev.kiln.core.api.Csv;
import dev.kiln.core.api.KilnPipeline;
import dev.kiln.core.api.Split;
import dev.kiln.core.api.StepHandle;
import dev.kiln.core.api.Steps;

/**
 * The Java twin of {@code pipelines/taxi.yaml}: the same steps, the same spec and hash, so the two
 * share one cache. Run it from the project folder: {@code java -cp ... dev.kiln.examples.taxi.TaxiPipeline run}.
 */
public final class TaxiPipeline {
  private TaxiPipeline() {}

  public static KilnPipeline build() {
    KilnPipeline taxi = KilnPipeline.named("taxi");
    StepHandle trips = taxi.add("data", Csv.read("examples/data/taxi.csv"));
    StepHandle splits = taxi.add("split", Split.byHash("trip_start_timestamp").ratios("train", 0.8, "eval", 0.2), trips.get("examples"));
    taxi.add("label", Steps.transform(new DeriveBigTipper()), splits);
    return taxi;
  }

  public static void main(String[] args) {
    System.exit(Kiln.run(build(), args));
  }
}
