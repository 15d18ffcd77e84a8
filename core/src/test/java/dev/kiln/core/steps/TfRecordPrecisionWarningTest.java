package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Doubles that float32 cannot hold are reported once per step and column, with a count. */
class TfRecordPrecisionWarningTest {
  @TempDir Path dir;

  @Test
  void aColumnWithValuesBeyondFloatRangeIsWarnedAboutOnceWithItsCount() throws IOException {
    StringBuilder csv = new StringBuilder("id,small,huge\n");
    for (int i = 0; i < 50; i++) {
      csv.append(i).append(',').append(i * 0.1).append(',').append(i % 10 == 0 ? "1e39" : "2.5").append('\n');
    }
    Files.writeString(dir.resolve("values.csv"), csv);
    String yaml = """
        kiln: 1
        pipeline: precision
        steps:
          data: { uses: csv, with: { path: values.csv }, format: tfrecord }
        """;
    List<String> warnings = new ArrayList<>();
    try (TestProject project = new TestProject(dir)) {
      RunListener listener = new RunListener() {
        @Override
        public synchronized void stepWarning(String step, String warning) {
          warnings.add(step + ": " + warning);
        }
      };
      RunOutcome out = new Orchestrator(project.store, project.artifacts, project.backend, dir, listener)
          .run(project.resolve(yaml));
      assertTrue(out.succeeded(), out.error());
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("data: examples: 5 values of column 'huge' changed by more than 1.0E-6"), warnings.get(0));
  }
}
