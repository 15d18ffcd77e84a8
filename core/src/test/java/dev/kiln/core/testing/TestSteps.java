package dev.kiln.core.testing;

import dev.kiln.core.step.StepRegistry;

/** The standard registry plus the test-only step types. */
public final class TestSteps {
  private TestSteps() {}

  public static StepRegistry registry() {
    return StepRegistry.standard().register(RowsSource.TYPE).register(SummaryDoc.TYPE).register(ShiftBySummary.TYPE);
  }
}
