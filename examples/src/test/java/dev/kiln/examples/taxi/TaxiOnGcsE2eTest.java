package dev.kiln.examples.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.core.run.Orchestrator;
import dev.kiln.core.run.RunListener;
import dev.kiln.core.run.RunOutcome;
import dev.kiln.core.spec.YamlSpecLoader;
import dev.kiln.core.step.PipelineResolver;
import dev.kiln.core.step.ResolvedPipeline;
import dev.kiln.core.step.StepRegistry;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.runners.DirectBackend;
import dev.kiln.runners.gcp.GcpSettings;
import dev.kiln.runners.gcp.testing.LocalGcsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship taxi pipeline (pipelines/taxi.yaml, 10,000 real trips) on the DirectRunner with its
 * artifact root on the local GCS server: every byte goes through Beam's GcsFileSystem and every
 * manifest through the Cloud Storage client's create-only upload.
 */
@Tag("e2e")
class TaxiOnGcsE2eTest {
  @TempDir Path dir;

  @Test
  void taxiRunsWithArtifactsOnGcsAndTheSecondRunIsCached() {
    Path repo = Path.of("").toAbsolutePath().getParent(); // tests run in examples/
    try (LocalGcsServer gcs = new LocalGcsServer().createBucket("kiln-taxi");
        MetadataStore store = MetadataStore.open("jdbc:sqlite:" + dir.resolve("metadata.db"))) {
      FileSystemSetup.configure(new GcpSettings("local-project", gcs.endpoint(), null).beamArgs());
      ArtifactStore artifacts = ArtifactStore.at("gs://kiln-taxi/artifacts");
      Path file = repo.resolve("pipelines/taxi.yaml");
      ResolvedPipeline taxi = new PipelineResolver(StepRegistry.standard()).resolve(YamlSpecLoader.load(file), file.toString());
      Orchestrator orchestrator = new Orchestrator(store, artifacts, new DirectBackend(true, 2), repo, RunListener.NONE);

      RunOutcome first = orchestrator.run(taxi);
      assertTrue(first.succeeded(), first.error());
      assertEquals(every(taxi, "COMPLETE"), first.steps(), "the whole ML pipeline, with its artifacts on GCS");
      String labelUri = dev.kiln.core.plan.PlannedOutputs.uri(store, first.executions().get("label"), "examples");
      Manifest label = artifacts.readManifest(labelUri).orElseThrow();
      assertTrue(labelUri.startsWith("gs://kiln-taxi/artifacts/taxi/label/examples/"), labelUri);
      assertEquals(List.of("eval", "train"), label.splitNames());
      assertTrue(label.records() > 9_000, "the taxi rows, minus rejected ones: " + label.records());
      assertTrue(artifacts.verifyContent(label).isIntact(), "every file on GCS matches its recorded checksum");
      int objects = gcs.names("kiln-taxi", "artifacts/").size();
      long inserts = gcs.requests().stream().filter(r -> r.startsWith("insert ")).count();

      RunOutcome second = orchestrator.run(taxi);
      assertTrue(second.succeeded(), second.error());
      assertEquals(every(taxi, "CACHED"), second.steps());
      assertEquals(objects, gcs.names("kiln-taxi", "artifacts/").size(), "a cached run writes nothing to GCS");
      assertEquals(inserts, gcs.requests().stream().filter(r -> r.startsWith("insert ")).count());
    }
  }

  private static Map<String, String> every(ResolvedPipeline pipeline, String state) {
    Map<String, String> m = new java.util.TreeMap<>();
    pipeline.order().forEach(step -> m.put(step, state));
    return m;
  }
}
