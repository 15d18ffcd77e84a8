package dev.kiln.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalFilesTest {
  @TempDir Path dir;

  @Test
  void localFilesMatchInNameOrderWithoutPipelineOptions() throws Exception {
    Files.writeString(dir.resolve("b.csv"), "x\n1\n");
    Files.writeString(dir.resolve("a.csv"), "x\n");
    var files = ExternalFiles.match(dir.resolve("*.csv").toString(), "p.yaml", "data");
    assertEquals(List.of("a.csv", "b.csv"), files.stream().map(m -> m.resourceId().getFilename()).toList());
  }

  @Test
  void aPatternMatchingNothingNamesTheStepAndKey() {
    SpecException e = assertThrows(SpecException.class,
        () -> ExternalFiles.match(dir.resolve("none-*.csv").toString(), "p.yaml", "data"));
    assertTrue(e.getMessage().contains("data") && e.getMessage().contains("with.path"), e.getMessage());
  }

  @Test
  void aSchemeWithoutBeamFileSystemIsAUserErrorNamingTheScheme() {
    SpecException e = assertThrows(SpecException.class,
        () -> ExternalFiles.match("nosuchfs://bucket/taxi.csv", "p.yaml", "data"));
    assertTrue(e.getMessage().contains("with.path") && e.getMessage().contains("'nosuchfs'"), e.getMessage());
  }

  @Test
  void theFingerprintChangesWhenAFileChanges() throws Exception {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "x\n1\n");
    String before = ExternalFiles.fingerprint(List.of(f.toString()), "p.yaml", "data");
    Files.writeString(f, "x\n1\n2\n");
    assertTrue(!before.equals(ExternalFiles.fingerprint(List.of(f.toString()), "p.yaml", "data")));
  }

  @Test
  void anOptionalPatternMayMatchNothingAndTheFirstFileToAppearChangesTheFingerprint() throws Exception {
    String pattern = dir.resolve("models/*/model.json").toString();
    String none = ExternalFiles.fingerprint(List.of(), List.of(pattern), "p.yaml", "evaluate");
    assertEquals(none, ExternalFiles.fingerprint(List.of(), List.of(pattern), "p.yaml", "evaluate"));
    Files.createDirectories(dir.resolve("models/000001"));
    Files.writeString(dir.resolve("models/000001/model.json"), "{}");
    assertTrue(!none.equals(ExternalFiles.fingerprint(List.of(), List.of(pattern), "p.yaml", "evaluate")));
  }

  @Test
  void withoutOptionalPatternsTheFingerprintIsTheListingOfTheRequiredOnesAsBefore() throws Exception {
    // Existing cache keys must not change: the listing is [[{modified, name, size}]] as it always was.
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "x\n1\n");
    var m = ExternalFiles.match(f.toString(), "p.yaml", "data").get(0);
    String expected = dev.kiln.core.spec.CanonicalJson.sha256(dev.kiln.core.spec.CanonicalJson.ofValue(List.of(List.of(
        java.util.Map.of("name", "t.csv", "size", m.sizeBytes(), "modified", m.lastModifiedMillis())))));
    assertEquals(expected, ExternalFiles.fingerprint(List.of(f.toString()), List.of(), "p.yaml", "data"));
  }
}
