package dev.kiln.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SourcePartOptions;
import dev.kiln.core.step.PortValue;
import dev.kiln.core.step.Step;
import dev.kiln.core.step.StepContext;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** A stage whose rows wait for something computed from them reads its sources at once on the DirectRunner. */
class SourcesAtOnceTest {
  private static SourcePartOptions inWaves() {
    SourcePartOptions o = PipelineOptionsFactory.create().as(SourcePartOptions.class);
    o.setPartsInWaves(true); // as the direct backend sets them
    o.setMaxPartBytes(4L << 20);
    return o;
  }

  @Test
  void aStageWithAStepWhoseRowsWaitReadsItsSourcesAtOnceInTheirOwnSizes() {
    SourcePartOptions o = inWaves();
    SourcesAtOnce.whenRowsWait(o, List.of(new Fake(false), new Fake(true)));
    assertFalse(o.getPartsInWaves());
    assertEquals(0, o.getMaxPartBytes());
  }

  @Test
  void aStageOfRowByRowStepsKeepsTheWaves() {
    SourcePartOptions o = inWaves();
    SourcesAtOnce.whenRowsWait(o, List.of(new Fake(false), new Fake(false)));
    assertTrue(o.getPartsInWaves());
    assertEquals(4L << 20, o.getMaxPartBytes());
  }

  private static final class Fake extends Step {
    private final boolean waits;

    Fake(boolean waits) {
      this.waits = waits;
    }

    @Override
    public String type() {
      return "fake";
    }

    @Override
    public boolean rowsWaitForWholeInput() {
      return waits;
    }

    @Override
    public Map<String, List<String>> outputSplits(Map<String, List<String>> inputSplits) {
      return Map.of();
    }

    @Override
    public Map<String, PortValue> expand(StepContext context, Map<String, PortValue> inputs) {
      return Map.of();
    }
  }
}
