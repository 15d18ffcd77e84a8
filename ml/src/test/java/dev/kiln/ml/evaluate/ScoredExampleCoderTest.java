package dev.kiln.ml.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class ScoredExampleCoderTest {
  @Test
  void roundTripsEveryTaskWithSlicesAndMissingLabels() throws Exception {
    for (ScoredExample e : new ScoredExample[] {
        ScoredExample.binary(1, 0.25, Map.of("hour", "7", "payment_type", "Credit Card")),
        ScoredExample.multiclass(Double.NaN, new double[] {0.2, 0.3, 0.5}, Map.of()),
        ScoredExample.regression(12.5, 11.0, Map.of("k", SliceKey.MISSING))}) {
      assertEquals(e, CoderUtils.decodeFromByteArray(ScoredExampleCoder.of(), CoderUtils.encodeToByteArray(ScoredExampleCoder.of(), e)));
    }
  }
}
