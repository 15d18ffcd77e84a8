package dev.kiln.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reason a step reruns names only what changed. */
class ChangeReasonTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: reasons
      steps:
        data: { uses: rows, with: { count: 20, failAt: 1000, note: a } }
      """;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = new TestProject(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void aLongSettingThatDidNotChangeIsNotNamed() {
    RunOutcome first = project.run(PIPELINE);
    assertTrue(first.succeeded(), first.error());
    // failAt is a Long: read back from the store it is an int-sized number, and must still compare equal
    StepPlan data = project.plan(PIPELINE.replace("note: a", "note: b")).steps().get("data");
    assertEquals(Decision.RUN, data.decision());
    assertEquals("config changed: note", data.reason());
  }
}
