package dev.kiln.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server follows its folder's live version: a new version is served without a restart while
 * requests keep coming from several threads, none of them fails, each answer is the exact prediction of
 * the version it names; a rollback (admin endpoint) goes back one version.
 */
class HotReloadTest {
  @TempDir Path dir;

  private static final String ROW = "{\"bill_depth_mm\": 17.1, \"bill_length_mm\": 40.3, \"body_mass_g\": 3900, \"flipper_length_mm\": 195, \"island\": \"Torgersen\"}";

  @Test
  void aNewVersionIsServedWithoutRestartAndNoRequestFails() throws Exception {
    ServingFolder folder = ServingFolder.at(dir.resolve("serving/penguins"));
    assertEquals("000001", folder.publish(Fixtures.multiclass()).version());
    // what each version answers for ROW, from the scorer itself
    Map<String, Double> expected = Map.of(
        "000001", expected(Fixtures.multiclass()),
        "000002", expected(Fixtures.binary()));
    try (ServedModels models = ServedModels.of(List.of(ModelSource.folder("penguins", folder))).pollEvery(Duration.ofMillis(20));
         ModelServer server = ModelServer.start(models, ServerSettings.defaults().withPort(0))) {
      Http http = new Http(server.uri());
      AtomicBoolean go = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      Set<String> seen = ConcurrentHashMap.newKeySet();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
          running.add(clients.submit(() -> {
            while (go.get()) {
              Http.Answer a = http.post("/v2/models/penguins/infer", v2());
              assertEquals(200, a.status(), a.body());
              JsonNode json = a.json();
              String version = json.get("model_version").asText();
              double p = ParityTest.output(json, "prediction").get(0).doubleValue();
              assertEquals(expected.get(version), p, "version " + version + " answers its own prediction");
              seen.add(version);
              answered.incrementAndGet();
            }
            return null;
          }));
        }
        waitFor(() -> answered.get() > 50);
        assertEquals(Set.of("000001"), seen);
        folder.publish(Fixtures.binary()); // a new version while requests are in flight
        waitFor(() -> seen.contains("000002"));
        int at = answered.get();
        waitFor(() -> answered.get() > at + 50);
        go.set(false);
        for (Future<?> f : running) {
          f.get(30, TimeUnit.SECONDS); // rethrows any failed request
        }
      } finally {
        go.set(false);
        clients.shutdownNow();
      }
      assertEquals("000002", http.get("/v2/models/penguins").json().get("versions").get(0).asText());
      // the old version is still there by number
      assertEquals(200, http.post("/v2/models/penguins/versions/1/infer", v2()).status());

      // rollback: the admin endpoint (we are on loopback) goes back one version, at once
      Http.Answer back = http.post("/v2/admin/models/penguins/rollback", "");
      assertEquals(200, back.status(), back.body());
      assertEquals("000001", back.json().get("live").asText());
      assertEquals("000001", http.get("/v2/models/penguins").json().get("versions").get(0).asText());
      assertEquals("000001\n", Files.readString(folder.root().resolve(ServingFolder.LIVE_FILE)));
      Http.Answer none = http.post("/v2/admin/models/penguins/rollback", "");
      assertEquals(409, none.status(), none.body());
      assertTrue(none.json().get("error").asText().contains("oldest"), none.body());
    }
  }

  @Test
  void aBrokenNewVersionKeepsTheOldOneLive() throws Exception {
    ServingFolder folder = ServingFolder.at(dir.resolve("p"));
    folder.publish(Fixtures.multiclass());
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServedModels models = ServedModels.of(List.of(ModelSource.folder("p", folder))).onChange(said::add)) {
      Files.createDirectories(folder.root().resolve("000002"));
      Files.writeString(folder.root().resolve("000002/model.json"), "{\"format\": \"kiln.model\"");
      folder.switchTo(folder.version("2").orElseThrow());
      models.refresh();
      assertEquals("000001", models.live("p").orElseThrow().version());
      assertTrue(said.size() == 1 && said.get(0).contains("still serving version 000001"), said.toString());
    }
  }

  @Test
  void rollbackOfAFolderAndOfAFixedModel() {
    ServingFolder folder = ServingFolder.at(dir.resolve("r"));
    assertThrows(IllegalStateException.class, folder::rollback);
    folder.publish(Fixtures.multiclass());
    folder.publish(Fixtures.binary());
    assertEquals("000001", folder.rollback().version());
    assertEquals("000001", folder.live().orElseThrow().version());
    // a deploy after a rollback adds a version and makes it live
    assertEquals("000003", folder.publish(Fixtures.multiclass()).version());
    assertEquals("000003", folder.live().orElseThrow().version());
    // publishing the newest model again adds nothing, and makes it live again after a rollback
    folder.rollback();
    assertEquals("000003", folder.publish(Fixtures.multiclass()).version());
    assertEquals("000003", folder.live().orElseThrow().version());
    assertThrows(UnsupportedOperationException.class, () -> ModelSource.fixed("m", "1", Fixtures.binary()).rollback());
  }

  private static double expected(String modelJson) {
    ServedModel m = ServedModel.of("x", "x", modelJson);
    JsonNode record;
    try {
      record = Http.JSON.readTree(ROW);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    Object[] values = new Object[m.inputs().size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = m.inputs().get(i).value(record.get(m.inputs().get(i).name()), "test");
    }
    return m.predict(m.row(values)).value();
  }

  private static String v2() {
    return "{\"inputs\": ["
        + "{\"name\": \"island\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"Torgersen\"]},"
        + "{\"name\": \"bill_depth_mm\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [17.1]},"
        + "{\"name\": \"bill_length_mm\", \"datatype\": \"FP64\", \"shape\": [1], \"data\": [40.3]},"
        + "{\"name\": \"body_mass_g\", \"datatype\": \"INT64\", \"shape\": [1], \"data\": [3900]},"
        + "{\"name\": \"flipper_length_mm\", \"datatype\": \"INT64\", \"shape\": [1], \"data\": [195]}]}";
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(10);
    }
  }
}
