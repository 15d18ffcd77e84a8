package dev.kiln.runners.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.artifact.FileSystemSetup;
import dev.kiln.ml.push.ModelDestination;
import dev.kiln.ml.push.PushedModel;
import dev.kiln.runners.gcp.testing.LocalGcsServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Model pushes to gs:// against the local Cloud Storage server: create-only, like manifests. */
class ModelPushOnGcsTest {
  private LocalGcsServer gcs;

  @BeforeEach
  void setUp() {
    gcs = new LocalGcsServer().createBucket("kiln-test");
    FileSystemSetup.configure(new GcpSettings("local-project", gcs.endpoint(), null).beamArgs());
  }

  @AfterEach
  void tearDown() {
    gcs.close();
  }

  @Test
  void pushesRacingForOneVersionGetDistinctVersionsAndKeepTheirOwnModels() throws Exception {
    ModelDestination d = ModelDestination.at("gs://kiln-test/models/taxi");
    int pushes = 4;
    // every push's upload of 000001 is held until all arrived, then the service decides: a real race
    gcs.raceUploadsOf("models/taxi/000001/model.json", pushes);
    ExecutorService pool = Executors.newFixedThreadPool(pushes);
    try {
      List<Callable<ModelDestination.Pushed>> tasks = new ArrayList<>();
      for (int i = 0; i < pushes; i++) {
        String model = "{\"w\":" + i + "}";
        tasks.add(() -> d.push(model));
      }
      List<Future<ModelDestination.Pushed>> results = pool.invokeAll(tasks);
      Set<String> versions = new TreeSet<>();
      for (int i = 0; i < pushes; i++) {
        PushedModel m = results.get(i).get().model();
        versions.add(m.version());
        String stored = new String(gcs.object("kiln-test", "models/taxi/" + m.version() + "/model.json").orElseThrow().data(),
            StandardCharsets.UTF_8);
        assertEquals("{\"w\":" + i + "}", stored, "version " + m.version() + " holds the model of the push that got it");
      }
      assertEquals(Set.of("000001", "000002", "000003", "000004"), versions);
      assertTrue(gcs.preconditionFailures() >= pushes - 1, "the service refused the losers: " + gcs.preconditionFailures());
      assertEquals(List.of("models/taxi/000001/model.json", "models/taxi/000002/model.json", "models/taxi/000003/model.json",
          "models/taxi/000004/model.json"), gcs.names("kiln-test", "models/"), "no temporary object is left");
    } finally {
      pool.shutdownNow();
    }
  }
}
