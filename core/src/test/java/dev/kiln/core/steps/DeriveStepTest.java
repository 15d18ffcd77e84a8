package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flights label and date parts in YAML alone: csv with a timestamp column, then derive. */
class DeriveStepTest {
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

  private String pipeline(String columns) {
    return """
        kiln: 1
        pipeline: flights
        steps:
          data: { uses: csv, with: { path: flights.csv, schema: { date: timestamp } } }
          features:
            uses: derive
            in: { examples: data.examples }
            with:
              columns: %s
              drop: [date]
        """.formatted(columns);
  }

  @Test
  void addsALabelAndTimestampPartsAndDropsTheTimestamp() throws IOException {
    Files.writeString(dir.resolve("flights.csv"),
        "date,delay,distance,origin\n2001-01-01 00:01:00,33,2176,LAS\n2001-01-06 17:30:00,-4,215,ATL\n2001-01-07 08:00:00,,100,SFO\n");

    RunOutcome run = project.run(pipeline("{ delayed: \"delay > 15\", hour: \"hour(date)\", weekday: \"weekday(date)\" }"));

    assertTrue(run.succeeded(), run.error());
    List<String> rows = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir.resolve(".kiln/artifacts/flights/features/examples"))) {
      for (Path avro : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(avro.toFile(), new GenericDatumReader<>())) {
          reader.forEach(r -> rows.add(r.toString()));
        }
      }
    }
    rows.sort(null);
    assertEquals(List.of(
        "{\"delay\": -4, \"distance\": 215, \"origin\": \"ATL\", \"delayed\": false, \"hour\": 17, \"weekday\": 6}",
        "{\"delay\": 33, \"distance\": 2176, \"origin\": \"LAS\", \"delayed\": true, \"hour\": 0, \"weekday\": 1}",
        "{\"delay\": null, \"distance\": 100, \"origin\": \"SFO\", \"delayed\": null, \"hour\": 8, \"weekday\": 7}"), rows);
  }

  @Test
  void aBadExpressionIsAnErrorNamingStepAndKeyBeforeAnythingRuns() {
    SpecException e = assertThrows(SpecException.class, () -> project.resolve(pipeline("{ delayed: \"delay >> 15\" }")));
    assertEquals("test.yaml: step 'features': key 'with.columns.delayed': \"> 15\" in \"delay >> 15\" is not a "
        + "constant; write a number, true, false or a 'quoted string'", e.getMessage());
  }

  @Test
  void aColumnOfTheWrongTypeFailsTheStepBeforeItsJobNamingTheKey() throws IOException {
    Files.writeString(dir.resolve("flights.csv"), "date,delay\n2001-01-01 00:01:00,33\n");

    RunOutcome run = project.run(pipeline("{ late: \"hour(delay)\" }"));

    assertFalse(run.succeeded());
    assertTrue(run.badInput(), run.error());
    assertTrue(run.error().contains("with.columns.late"), run.error());
    assertTrue(run.error().contains("column 'delay' is INT64, not a timestamp"), run.error());
  }
}
