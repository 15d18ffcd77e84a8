package dev.kiln.core.run;

import dev.kiln.core.io.SourcePartOptions;
import dev.kiln.core.step.Step;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Turns the DirectRunner's reading in waves off for a stage with a step whose rows wait for something
 * computed from all of them ({@link dev.kiln.core.step.Step#rowsWaitForWholeInput()}): its sources
 * hand all their parts at once, of the sources' own size. Why: waves bound memory by taking a few parts'
 * rows through every step before the next parts are read, but rows waiting for a fitted graph or a model
 * are held until it is there whatever the waves, and the DirectRunner runs every waiting bundle again
 * after each wave: the flights pipeline took twice as long (docs/benchmarks.md).
 */
final class SourcesAtOnce {
  private SourcesAtOnce() {}

  /** Sets {@code options} (a stage's, before its steps expand) to read at once when one of {@code steps}' rows wait. */
  static void whenRowsWait(PipelineOptions options, List<Step> steps) {
    if (steps.stream().anyMatch(Step::rowsWaitForWholeInput)) {
      SourcePartOptions parts = options.as(SourcePartOptions.class);
      parts.setPartsInWaves(false);
      parts.setMaxPartBytes(0);
    }
  }
}
