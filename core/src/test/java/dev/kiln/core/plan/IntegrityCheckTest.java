package dev.kiln.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.Integrity;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.testing.TestProject;
import dev.kiln.metadata.Artifact;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A committed artifact is reused only when its manifest and files are as recorded at commit. */
class IntegrityCheckTest {
  private static final String PIPELINE = """
      kiln: 1
      pipeline: check
      steps:
        data: { uses: rows, with: { count: 40 } }
      """;

  @TempDir Path dir;
  TestProject project;
  Artifact artifact;
  Path manifest;

  @BeforeEach
  void runOnce() {
    project = new TestProject(dir);
    RunOutcome first = project.run(PIPELINE);
    assertTrue(first.succeeded(), first.error());
    artifact = project.store.newestArtifacts(1).get(0);
    manifest = Path.of(artifact.uri()).resolve("_MANIFEST.json");
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void theManifestSha256IsRecordedAtCommitAndAnEditConsistentWithItselfIsCaught() throws Exception {
    assertNotNull(artifact.stringProperty(MetadataKeys.MANIFEST_SHA256));
    assertTrue(IntegrityCheck.quick(artifact, project.artifacts).isIntact());
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replaceFirst("\"committedAt\" : \"[^\"]+\"", "\"committedAt\" : \"2020-01-01T00:00:00Z\""));

    IntegrityCheck.Finding f = IntegrityCheck.quick(artifact, project.artifacts);
    assertEquals(Integrity.Status.DAMAGED, f.status());
    assertTrue(f.reason().endsWith("_MANIFEST.json was changed after its commit (its sha256 is not the one recorded)"), f.reason());
    StepPlan plan = project.plan(PIPELINE).steps().get("data");
    assertEquals(Decision.RUN, plan.decision());
  }

  @Test
  void damageThatKeepsSizeAndTimeIsFoundByVerifyAndTheMarkMakesThePlannerRecompute() throws Exception {
    Path part;
    try (Stream<Path> s = Files.walk(Path.of(artifact.uri()))) {
      part = s.filter(p -> p.toString().endsWith(".avro")).findFirst().orElseThrow();
    }
    FileTime time = Files.getLastModifiedTime(part);
    try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
      f.seek(f.length() - 30);
      int b = f.read();
      f.seek(f.length() - 30);
      f.write(~b);
    }
    Files.setLastModifiedTime(part, time);
    assertTrue(IntegrityCheck.quick(artifact, project.artifacts).isIntact(), "size and time alone cannot tell");

    IntegrityCheck.Finding full = IntegrityCheck.verify(artifact, project.artifacts);
    assertEquals(Integrity.Status.DAMAGED, full.status());
    assertTrue(full.reason().endsWith(part.getFileName() + " does not match its recorded sha256"), full.reason());
    IntegrityCheck.markDamaged(project.store, artifact, full.reason());
    Artifact marked = project.store.artifact(artifact.id()).orElseThrow();
    assertTrue(IntegrityCheck.quick(marked, project.artifacts).reason().contains("was marked damaged"));
    assertEquals(Decision.RUN, project.plan(PIPELINE).steps().get("data").decision());

    RunOutcome again = project.run(PIPELINE);
    assertTrue(again.succeeded(), again.error());
    assertEquals("COMPLETE", again.steps().get("data"));
  }

  @Test
  void aStageThatFailsOnADamagedInputNamesTheFileAndItsStepAndMarksItDamaged() throws Exception {
    String withReader = PIPELINE + "  plus: { uses: transform, class: dev.kiln.core.testing.AddOne, in: { examples: data } }\n";
    RunOutcome first = project.run(withReader);
    assertTrue(first.succeeded(), first.error());
    Path part;
    try (Stream<Path> s = Files.walk(Path.of(artifact.uri()))) {
      part = s.filter(p -> p.toString().endsWith(".avro")).findFirst().orElseThrow();
    }
    FileTime time = Files.getLastModifiedTime(part);
    try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
      byte[] b = new byte[16];
      f.seek(f.length() - 40);
      f.readFully(b);
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) ~b[i];
      }
      f.seek(f.length() - 40);
      f.write(b);
    }
    Files.setLastModifiedTime(part, time);

    // edited code: 'plus' reruns and reads the damaged (still cached) output of 'data'
    RunOutcome failed = project.run(withReader.replace("AddOne", "AddOneAgain"));
    assertTrue(!failed.succeeded());
    assertTrue(failed.error().startsWith("step 'plus': an input is damaged: " + part + " does not match its recorded sha256"
        + " (output 'examples' of step 'data', artifact #" + artifact.id() + "); it is marked damaged and the next run recomputes it"),
        failed.error());
    assertNotNull(project.store.artifact(artifact.id()).orElseThrow().stringProperty(MetadataKeys.DAMAGED));

    RunOutcome again = project.run(withReader.replace("AddOne", "AddOneAgain"));
    assertTrue(again.succeeded(), again.error());
    assertEquals("COMPLETE", again.steps().get("data"));
    assertEquals("COMPLETE", again.steps().get("plus"));
  }

  @Test
  void aTruncatedManifestIsDamagedSoTheStepIsRecomputed() throws Exception {
    byte[] bytes = Files.readAllBytes(manifest);
    Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    IntegrityCheck.Finding f = IntegrityCheck.quick(artifact, project.artifacts);
    assertEquals(Integrity.Status.DAMAGED, f.status());
    assertTrue(f.reason().contains("is not a valid manifest"), f.reason());
    RunOutcome again = project.run(PIPELINE);
    assertTrue(again.succeeded(), again.error());
    assertEquals("COMPLETE", again.steps().get("data"));
  }
}
