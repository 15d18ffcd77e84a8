package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SharedData;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Artifact;
import dev.kiln.ml.stats.StringStatistics.ValueCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New data validated against the schema of clean data, through the orchestrator: a string in the
 * numeric column {@code fare} and a new {@code payment_type}; the policy decides whether the run fails.
 */
class ValidatePipelineTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: checks
      steps:
        clean:       { uses: csv, with: { path: clean.csv } }
        new:         { uses: csv, with: { path: new.csv } }
        clean_stats: { uses: statistics, in: { examples: clean.examples } }
        new_stats:   { uses: statistics, in: { examples: new.examples } }
        schema:      { uses: schema, in: { statistics: clean_stats.statistics } }
        validate:    { uses: validate, in: { statistics: new_stats.statistics, schema: schema.schema, baseline: clean_stats.statistics }%s }
      """;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void data() throws IOException {
    project = new TestProject(dir);
    List<String> lines = Files.readAllLines(SharedData.file("taxi/csv/data.csv")).subList(0, 301); // header + 300 rows
    Files.write(dir.resolve("clean.csv"), lines);
    List<String> header = List.of(lines.get(0).split(","));
    int fare = header.indexOf("fare");
    int payment = header.indexOf("payment_type");
    List<String> changed = new ArrayList<>(lines);
    changed.set(5, replace(changed.get(5), fare, "abc")); // within the rows the CSV reader samples for types
    for (int row : new int[] {10, 20, 30}) {
      changed.set(row, replace(changed.get(row), payment, "Bitcoin"));
    }
    Files.write(dir.resolve("new.csv"), changed);
  }

  @AfterEach
  void close() {
    project.close();
  }

  private static String replace(String line, int column, String value) {
    String[] cells = line.split(",", -1);
    cells[column] = value;
    return String.join(",", cells);
  }

  @Test
  void warnCommitsTheAnomaliesNamingFareAndTheNewCategoryWithCounts_failFailsTheRunAndCommitsNothing() {
    RunOutcome warn = project.run(PIPELINE.formatted(", with: { onAnomalies: warn }"));
    assertTrue(warn.succeeded(), warn.error());
    AnomaliesDocument d = AnomaliesJson.fromJson(RunDocuments.json(project, warn, "validate", "anomalies"));
    assertEquals(List.of(""), d.splits());
    Anomaly type = find(d, "fare", AnomalyKind.TYPE_MISMATCH).orElseThrow(() -> new AssertionError(d.anomalies()));
    assertEquals(300L, type.count(), "rows with a fare");
    assertTrue(type.description().startsWith("expected DOUBLE, the data is STRING (300 rows with a value)"), type.description());
    Anomaly domain = find(d, "payment_type", AnomalyKind.OUT_OF_DOMAIN).orElseThrow(() -> new AssertionError(d.anomalies()));
    assertEquals(List.of(new ValueCount("Bitcoin", 3)), domain.values());
    assertEquals(3L, domain.count());
    assertEquals(2, d.anomalies().size(), "nothing else: " + d.anomalies());

    RunOutcome fail = project.run(PIPELINE.formatted(""));
    assertFalse(fail.succeeded());
    assertEquals(Map.of("clean", "CACHED", "new", "CACHED", "clean_stats", "CACHED", "new_stats", "CACHED",
        "schema", "CACHED", "validate", "FAILED"), fail.steps());
    assertTrue(fail.badInput(), "anomalies are a problem of the data");
    assertEquals("step 'validate': validation found 2 anomalies: fare type_mismatch 300 rows; payment_type out_of_domain 'Bitcoin' x3"
        + " (fix the data or the schema, or set onAnomalies: warn to record them and go on)", fail.error());
    Optional<Artifact> anomalies = RunDocuments.output(project, fail, "validate", "anomalies");
    assertTrue(anomalies.isEmpty() || project.artifacts.readManifest(anomalies.get().uri()).isEmpty(),
        "no Anomalies artifact is committed by the failed run");
  }

  private static Optional<Anomaly> find(AnomaliesDocument d, String feature, AnomalyKind kind) {
    return d.anomalies().stream().filter(a -> a.feature().equals(feature) && a.kind() == kind).findFirst();
  }
}
