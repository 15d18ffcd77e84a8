package dev.kiln.ml.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.plan.Decision;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import dev.kiln.ml.validate.RunDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schema pinned in a file of the project: checked, emitted in canonical form, rerun when edited. */
class PinnedSchemaTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: pinned
      steps:
        schema: { uses: schema, with: { path: schema.json } }
      """;

  @TempDir Path dir;

  @Test
  void aMalformedFileFailsNamingFileAndField_aGoodOneIsEmittedCanonically_anEditReruns() throws IOException {
    try (TestProject project = new TestProject(dir)) {
      Path file = dir.resolve("schema.json");
      Files.writeString(file, """
          {"format": 1, "features": [
            {"name": "fare", "type": "DOUBLE", "range": {"min": 0}},
            {"name": "payment_type", "type": "STRNG"}]}
          """);
      RunOutcome bad = project.run(PIPELINE);
      assertFalse(bad.succeeded());
      assertEquals("step 'schema': key 'with.path': schema.json: features[1]: feature 'payment_type': "
          + "type 'STRNG' is not a known type; use one of " + FeatureTypes.scalarNames() + " or ARRAY<...>", bad.error());
      assertTrue(bad.badInput());

      Files.writeString(file, """
          {"format": 1, "features": [
            {"name": "fare", "type": "DOUBLE", "range": {"min": 0}},
            {"name": "payment_type", "type": "STRING", "required": true, "domain": ["Credit Card", "Cash"]}]}
          """);
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
      RunOutcome good = project.run(PIPELINE);
      assertTrue(good.succeeded(), good.error());
      assertEquals("{\"features\":[{\"name\":\"fare\",\"range\":{\"min\":0.0},\"required\":false,\"type\":\"DOUBLE\"},"
          + "{\"domain\":[\"Cash\",\"Credit Card\"],\"name\":\"payment_type\",\"required\":true,\"type\":\"STRING\"}],"
          + "\"format\":1}", RunDocuments.json(project, good, "schema", "schema"));
      assertEquals(Decision.CACHED, project.plan(PIPELINE).steps().get("schema").decision());

      Files.writeString(file, Files.readString(file).replace("\"min\": 0", "\"min\": 1"));
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_001_000L));
      assertEquals(Decision.RUN, project.plan(PIPELINE).steps().get("schema").decision(), "the file is an input");
    }
  }

  @Test
  void settingsOfInferenceDoNotGoWithAPinnedFileAndInferenceNeedsStatistics() {
    try (TestProject project = new TestProject(dir)) {
      SpecException both = assertThrows(SpecException.class, () -> project.resolve("""
          kiln: 1
          pipeline: pinned
          steps:
            schema: { uses: schema, with: { path: schema.json, split: eval } }
          """));
      assertTrue(both.getMessage().contains("split is only for an inferred schema"), both.getMessage());
      SpecException none = assertThrows(SpecException.class, () -> project.resolve("""
          kiln: 1
          pipeline: pinned
          steps:
            schema: { uses: schema }
          """));
      assertTrue(none.getMessage().contains("statistics"), none.getMessage());
    }
  }
}
