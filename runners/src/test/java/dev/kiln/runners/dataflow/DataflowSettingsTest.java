package dev.kiln.runners.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.core.spec.SpecException;
import dev.kiln.runners.gcp.GcpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataflowSettingsTest {
  @TempDir Path dir;

  private String error(GcpSettings gcp, String region, String temp, Map<String, String> labels, Path jar) {
    return assertThrows(SpecException.class, () -> new DataflowSettings(gcp, region, temp, null, null, null, 0, null, null,
        labels, null, jar)).getMessage();
  }

  @Test
  void eachMissingOrMalformedOptionIsNamedBeforeAnythingIsStaged() throws Exception {
    Path jar = Files.writeString(dir.resolve("kiln.jar"), "jar");
    GcpSettings gcp = new GcpSettings("p", null, null);
    assertEquals("--gcp-project is required for --runner dataflow (the Google Cloud project id; or set GOOGLE_CLOUD_PROJECT)",
        error(GcpSettings.defaults(), "europe-west1", "gs://b/tmp", Map.of(), jar));
    assertEquals("--region is required for --runner dataflow and must look like europe-west1, was null",
        error(gcp, null, "gs://b/tmp", Map.of(), jar));
    assertEquals("--temp-location must be a gs://bucket/path, was /tmp/x", error(gcp, "europe-west1", "/tmp/x", Map.of(), jar));
    assertEquals("--labels Team=ml: keys start with a lower-case letter; keys and values use lower-case letters, digits,"
        + " '_' and '-', at most 63 characters", error(gcp, "europe-west1", "gs://b/tmp", Map.of("Team", "ml"), jar));
    assertEquals("the Kiln jar to stage for Dataflow workers was not found at " + dir.resolve("none.jar")
        + "; build it with 'mvn -DskipTests package' (cli/target/kiln.jar) or run Kiln from that jar",
        error(gcp, "europe-west1", "gs://b/tmp", Map.of(), dir.resolve("none.jar")));
  }

  @Test
  void stagingDefaultsBelowTheTempLocationAndLabelsParse() throws Exception {
    Path jar = Files.writeString(dir.resolve("kiln.jar"), "jar");
    DataflowSettings s = new DataflowSettings(new GcpSettings("p", null, null), "us-central1", "gs://b/tmp/", null, null, null,
        0, null, null, DataflowSettings.parseLabels("team=ml, cost-center=42"), null, jar);
    assertEquals("gs://b/tmp/staging", s.effectiveStagingLocation());
    assertEquals(Map.of("team", "ml", "cost-center", "42"), s.labels());
    assertEquals("--labels 'oops' must be key=value (several separated by commas)",
        assertThrows(SpecException.class, () -> DataflowSettings.parseLabels("oops")).getMessage());
  }

  @Test
  void jobNamesAreWhatDataflowAccepts() {
    assertEquals("taxi-taxi-20250101-120000-ab12-stage0", DataflowBackend.jobNameFor("taxi-taxi-20250101-120000-ab12-stage0"));
    assertEquals("kiln-7days-x", DataflowBackend.jobNameFor("7Days_X"));
  }
}
