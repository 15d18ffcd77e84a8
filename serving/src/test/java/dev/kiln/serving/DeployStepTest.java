package dev.kiln.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.spec.SpecException;
import dev.kiln.core.testing.TestProject;
import dev.kiln.serving.deploy.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code deploy} step of a real run ({@link Penguins}): a blessed model becomes a new live version
 * of the serving folder, and the Deployment is recorded in the metadata store; a model that is not
 * blessed is not deployed; an unknown backend is refused before any job starts.
 */
class DeployStepTest {
  @TempDir Path dir;

  @Test
  void aBlessedModelGoesLiveAndTheDeploymentIsRecorded() throws Exception {
    Penguins.multiclass();
    Deployment d = Deployment.parse(Penguins.deployed);
    assertTrue(d.deployed(), Penguins.deployed);
    assertEquals("local", d.backend());
    assertEquals("serving/penguins", d.target());
    assertEquals("000001", d.version());
    Instant since = Instant.parse(d.liveSince());
    assertTrue(since.isBefore(Instant.now().plusSeconds(1)), d.liveSince());
    assertEquals(Deployment.KIND, Penguins.deploymentType, "recorded in the metadata store as a Deployment");

    Path folder = Penguins.dir.resolve("serving/penguins");
    assertEquals(Penguins.multiclass().modelJson(), Files.readString(folder.resolve("000001/model.json")));
    assertEquals("000001\n", Files.readString(folder.resolve(ServingFolder.LIVE_FILE)));
    assertEquals("000001", ServingFolder.at(folder).live().orElseThrow().version());
  }

  @Test
  void aModelThatIsNotBlessedIsNotDeployed() {
    Penguins.multiclass();
    Deployment d = Deployment.parse(Penguins.notDeployed);
    assertFalse(d.deployed(), Penguins.notDeployed);
    assertNull(d.version());
    assertTrue(d.reason().contains("logLoss"), d.reason());
    assertFalse(Files.exists(Penguins.dir.resolve("serving/penguins/000002")), "no second version");
  }

  @Test
  void anUnknownBackendIsASpecError() {
    try (TestProject project = new TestProject(dir)) {
      SpecException e = assertThrows(SpecException.class, () -> project.resolve("""
          kiln: 1
          pipeline: p
          steps:
            data:   { uses: csv, with: { path: x.csv } }
            train:  { uses: train, in: { examples: data.examples }, with: { label: y } }
            evaluate: { uses: evaluate, in: { examples: data.examples, model: train.model } }
            deploy: { uses: deploy, in: { model: train.model, blessing: evaluate.blessing }, with: { backend: kserve, target: s } }
          """));
      assertTrue(e.getMessage().contains("no serving backend named 'kserve'") && e.getMessage().contains("[local]"), e.getMessage());
    }
  }
}
