package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The json source: JSON Lines and JSON arrays, inference, required, rejected rows, and csv's hint. */
class JsonStepTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: flights
      steps:
        data:  { uses: json, with: { path: PATH } }
        split: { uses: split, in: { examples: data }, with: { ratios: { train: 0.5, eval: 0.5 } } }
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

  private RunOutcome run(String path, String extra) {
    return project.run(PIPELINE.replace("path: PATH", "path: " + path + extra));
  }

  @Test
  void aJsonArrayAndJsonLinesOfTheSameRecordsGiveTheSameDataset() throws IOException {
    // A slice of vega-datasets' flights-200k.json (a JSON array), with a null and a nested value added.
    Files.copy(getClass().getResourceAsStream("/json/flights-sample.json"), dir.resolve("flights.json"));
    Files.writeString(dir.resolve("flights.jsonl"), """
        {"delay": 25, "distance": 405, "time": 0.9}
        {"delay": -4, "distance": 370, "time": 8.5, "tags": ["a", "b"]}
        {"delay": null, "distance": 389, "time": 11}
        """);
    RunOutcome array = run("flights.json", "");
    assertTrue(array.succeeded(), array.error());
    RunOutcome lines = run("flights.jsonl", "");
    assertTrue(lines.succeeded(), lines.error());

    Manifest a = SourceTestSupport.manifest(project, array, "data", "examples");
    Manifest l = SourceTestSupport.manifest(project, lines, "data", "examples");
    Schema expected = Schema.builder()
        .addNullableField("delay", FieldType.INT64)
        .addNullableField("distance", FieldType.INT64)
        .addNullableField("time", FieldType.DOUBLE)
        .addNullableField("tags", FieldType.STRING)
        .build();
    assertEquals(expected, a.beamSchema());
    assertEquals(3, a.records());
    assertEquals(a.fingerprint(), l.fingerprint(), "the same records, whichever JSON layout");
    List<Row> rows = SourceTestSupport.rows(a);
    assertTrue(rows.contains(Row.withSchema(expected).addValues(-4L, 370L, 8.5, "[\"a\",\"b\"]").build()), rows.toString());
    assertTrue(rows.contains(Row.withSchema(expected).addValues(null, 389L, 11.0, null).build()), rows.toString());
  }

  @Test
  void badRecordsAreRejectedWithTheirLineAndFailTheStepUnlessAllowed() throws IOException {
    Files.writeString(dir.resolve("trips.jsonl"), """
        {"id": 1, "fare": 2.5, "cash": true}
        {"id": 2, "fare": "abc", "cash": false}
        not json at all
        {"id": 4, "fare": 3.0, "cash": true, "tip": 1}
        [1, 2]
        {"fare": 1.0, "cash": false}
        {"id": 7, "fare": 7, "cash": null}
        """);
    String declared = ", schema: { id: long, fare: double, cash: boolean }, required: [id]";
    RunOutcome strict = run("trips.jsonl", declared);
    assertFalse(strict.succeeded());
    assertTrue(strict.badInput(), "too many rejected rows is the user's data, exit 2");
    assertTrue(strict.error().contains("5 of 7 rows") && strict.error().contains("line 2: column 'fare': \"abc\" is not a double"),
        strict.error());

    RunOutcome allowed = run("trips.jsonl", declared + ", maxRejectedShare: 0.8");
    assertTrue(allowed.succeeded(), allowed.error());
    assertEquals(2, SourceTestSupport.manifest(project, allowed, "data", "examples").records());
    List<Row> rejected = SourceTestSupport.rows(SourceTestSupport.manifest(project, allowed, "data", "rejected"));
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L), rejected.stream().map(r -> r.getInt64("line")).sorted().toList());
    List<String> reasons = rejected.stream().map(r -> r.getString("reason")).toList();
    assertTrue(reasons.stream().anyMatch(r -> r.startsWith("not valid JSON")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(r -> r.startsWith("key 'tip' is not a column")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(r -> r.equals("expected a JSON object, found array")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(r -> r.equals("column 'id' is required but has no value")), reasons.toString());
  }

  @Test
  void aJsonFileGivenToCsvIsAUserErrorThatSaysWhatToUse() throws IOException {
    Files.copy(getClass().getResourceAsStream("/json/flights-sample.json"), dir.resolve("flights.json"));
    RunOutcome out = project.run(PIPELINE.replace("uses: json, with: { path: PATH }", "uses: csv, with: { path: flights.json }"));
    assertFalse(out.succeeded());
    assertTrue(out.badInput(), out.error());
    assertTrue(out.error().contains("flights.json looks like JSON, not CSV") && out.error().contains("uses: json"), out.error());
  }

  @Test
  void settingsAreCheckedWhenThePipelineIsResolved() {
    SpecException e = assertThrows(SpecException.class,
        () -> project.resolve(PIPELINE.replace("path: PATH", "path: x.json, schema: { id: integer }")));
    assertTrue(e.getMessage().contains("with.schema.id"), e.getMessage());
  }
}
