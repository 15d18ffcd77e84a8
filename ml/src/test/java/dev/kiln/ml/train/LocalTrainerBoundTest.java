package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.model.ModelDocument;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Issue 10 item 3: the local trainer holds every row on one worker, so it refuses a split above its bound. */
class LocalTrainerBoundTest {

  @Test
  void aSplitAboveMaxLocalRowsIsRefusedWithOneLineSayingToUseDistributed() {
    List<Row> rows = Synthetic.linear(500, 1);
    TrainingSetup setup = Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "linear");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> BeamRuns.train(Synthetic.LINEAR, rows, new LocalTrainer(setup, null).withMaxRows(499)));
    Throwable root = e;
    while (!(root instanceof TrainingInputException) && root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root instanceof TrainingInputException, "a user error, not a crash: " + e);
    assertEquals("the training split has 500 rows, more than the local backend's maxLocalRows 499 (it holds every"
        + " row on one worker); use backend: distributed", root.getMessage());
  }

  @Test
  void aSplitAtTheBoundTrains() {
    List<Row> rows = Synthetic.linear(500, 1);
    TrainingSetup setup = Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "linear");
    String json = BeamRuns.train(Synthetic.LINEAR, rows, new LocalTrainer(setup, null).withMaxRows(500)).get(0);
    assertEquals(500, ModelDocument.fromJson(json).training().rows());
  }
}
