package dev.kiln.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.serving.deploy.LiveVersionLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback through the admin endpoint is told to the server's rollback listener, which records it in
 * a real (SQLite) metadata store: the store then says which version is live and since when. A listener
 * that fails leaves the rollback standing and says so.
 */
class RollbackRecordTest {
  @TempDir Path dir;

  @Test
  void anAdminRollbackIsRecordedInTheMetadataStore() throws Exception {
    ServingFolder folder = ServingFolder.at(dir.resolve("serving/penguins"));
    folder.publish(Fixtures.multiclass());
    folder.publish(Fixtures.binary());
    try (MetadataStore store = MetadataStore.open("jdbc:sqlite:" + dir.resolve("m.db"));
         ServedModels models = ServedModels.of(List.of(ModelSource.folder("penguins", folder)))
             .onRollback((f, previous, version, since) -> LiveVersionLog.in(store).recordRollback(f, previous, version, since));
         ModelServer server = ModelServer.start(models, ServerSettings.defaults().withPort(0))) {
      Instant before = Instant.now();
      Http.Answer back = new Http(server.uri()).post("/v2/admin/models/penguins/rollback", "");
      assertEquals(200, back.status(), back.body());

      Execution e = LiveVersionLog.in(store).latestRollback(folder).orElseThrow(() -> new AssertionError("no rollback recorded"));
      assertEquals(LiveVersionLog.ROLLBACK, e.type());
      assertEquals("000001", e.stringProperty(LiveVersionLog.VERSION));
      assertEquals("000002", e.stringProperty(LiveVersionLog.PREVIOUS));
      assertEquals(folder.root().toString(), e.stringProperty(LiveVersionLog.TARGET));
      Instant since = Instant.parse(e.stringProperty(LiveVersionLog.LIVE_SINCE));
      assertTrue(!since.isBefore(before) && !since.isAfter(Instant.now()), since.toString());
    }
  }

  @Test
  void aListenerThatFailsLeavesTheRollbackAndSaysSo() {
    ServingFolder folder = ServingFolder.at(dir.resolve("serving/p"));
    folder.publish(Fixtures.multiclass());
    folder.publish(Fixtures.binary());
    List<String> said = new ArrayList<>();
    try (ServedModels models = ServedModels.of(List.of(ModelSource.folder("p", folder))).onChange(said::add)
        .onRollback((f, previous, version, since) -> {
          throw new IllegalStateException("the store is gone");
        })) {
      assertEquals("000001", models.rollback("p"));
      assertEquals("000001", models.live("p").orElseThrow().version());
    }
    assertTrue(said.stream().anyMatch(s -> s.contains("not recorded: the store is gone")), said.toString());
  }
}
