package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaxiDemoBenchmarkTest {
  @TempDir Path tmp;

  @Test
  void aBaselineIsItsKilnJarAndTheExamplesJarBesideIt() throws Exception {
    Path jar = Files.writeString(tmp.resolve("kiln.jar"), "");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaxiDemoBenchmark.classPathOf(jar));
    assertTrue(e.getMessage().contains("no kiln-examples.jar beside"), e.getMessage());
    Files.writeString(tmp.resolve("kiln-examples.jar"), "");
    assertEquals(jar + java.io.File.pathSeparator + tmp.resolve("kiln-examples.jar"), TaxiDemoBenchmark.classPathOf(jar));
    assertThrows(IllegalArgumentException.class, () -> TaxiDemoBenchmark.classPathOf(tmp.resolve("missing.jar")));
  }

  @Test
  void aFreshProjectHoldsThePipelineAndItsDataAndNoKilnFolder() throws Exception {
    Path yaml = Files.writeString(tmp.resolve("taxi.yaml"), "kiln: 1\n");
    Path csv = Files.writeString(tmp.resolve("taxi.csv"), "a,b\n1,2\n");
    Path project = tmp.resolve("project");
    Files.createDirectories(project.resolve(".kiln"));
    Files.writeString(project.resolve(".kiln/metadata.db"), "an earlier run");
    TaxiDemoBenchmark.freshProject(project, yaml, csv);
    assertEquals("kiln: 1\n", Files.readString(project.resolve("pipelines/taxi.yaml")));
    assertEquals("a,b\n1,2\n", Files.readString(project.resolve("examples/data/taxi.csv")));
    assertFalse(Files.exists(project.resolve(".kiln")), "the earlier run's project is gone");
  }

  @Test
  void theRatioIsOfMedians() {
    Samples now = new Samples("now").add(9).add(8).add(30);
    Samples before = new Samples("before").add(10).add(12).add(11);
    assertEquals("0.82", TaxiDemoBenchmark.ratio(now, before));
    assertEquals("–", TaxiDemoBenchmark.ratio(new Samples("none"), before));
  }

  @Test
  void theRunTimeIsKilnsCompleteInFigure() {
    String out = "Run taxi-20261207-061337-23c8 · pipeline taxi · runner direct\n"
        + "  push        COMPLETE  0.3s    result (PushResult)\n"
        + "Run taxi-20261207-061337-23c8 COMPLETE in 9.4s (11 complete)\n";
    assertEquals(9400.0, PeerOutputs.kilnRun(out).get(TaxiDemoBenchmark.RUN_MS), 1e-9);
  }
}
