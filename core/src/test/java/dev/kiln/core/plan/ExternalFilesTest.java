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
}
