package dev.kiln.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.testing.PolledParDos;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * The local trainer's training ParDo starts when the rows are counted, not at the job's start: the
 * DirectRunner runs a ParDo that waits for its side inputs again each time it goes idle (the taxi demo
 * ran it ~60 times, docs/benchmarks.md).
 */
class LocalTrainerGraphTest {

  @Test
  void theTrainingParDoIsNotStartedBeforeItsRowsAreThere() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    TrainingSetup setup = Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "linear");
    p.apply("rows", Create.of(Synthetic.linear(10, 1)).withRowSchema(Synthetic.LINEAR))
        .apply("train", new LocalTrainer(setup, null));
    List<String> polled = PolledParDos.in(p);
    assertTrue(polled.stream().noneMatch(n -> n.contains("train with Tribuo")), "polled: " + polled);
  }

  @Test
  void anEmptySplitIsCountedAsZeroRowsAndReachesTheTrainer() {
    TrainingSetup setup = Configs.setup(Synthetic.LINEAR, "label", "y", "algorithm", "linear");
    RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> BeamRuns.train(Synthetic.LINEAR, List.<Row>of(), new LocalTrainer(setup, null)));
    // the trainer itself refuses no rows (as before the count became the trainer's main input), rather
    // than the job ending without a model
    assertTrue(!String.valueOf(e.getMessage()).contains("produced no model"), String.valueOf(e));
  }
}
