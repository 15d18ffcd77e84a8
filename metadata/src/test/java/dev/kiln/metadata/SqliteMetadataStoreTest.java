package dev.kiln.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real SQLite file, plus what is particular to SQLite. */
class SqliteMetadataStoreTest extends MetadataStoreContract {
  @TempDir Path dir;
  private Path file;

  @Override
  protected String freshDatabaseUrl() {
    file = dir.resolve("nested/.kiln/metadata.db");
    return "jdbc:sqlite:" + file;
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @Test
  void aNewDatabaseHasANewIdentity() {
    try (MetadataStore other = MetadataStore.open("jdbc:sqlite:" + dir.resolve("other.db"))) {
      assertTrue(!other.storeId().equals(store.storeId()), other.storeId());
    }
  }

  @Test
  void openCreatesTheFileAndItsParentFolders() {
    assertTrue(Files.isRegularFile(file), file + " should exist");
  }

  @Test
  void theFileIsInWalModeWithForeignKeysEnforced() throws SQLException {
    try (Connection c = rawConnection(); var s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
    // foreign keys are per connection: the store's own connections must refuse dangling links
    long ctx = store.putContext(Context.create("run", "r", Map.of()));
    var e = org.junit.jupiter.api.Assertions.assertThrows(MetadataStoreException.class,
        () -> store.putAssociation(ctx, 999));
    assertTrue(e.getMessage().contains("999"), e.getMessage());
  }

  @Test
  void aNonSqliteOrPostgresUrlIsRefusedWithoutItsPassword() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(MetadataStoreException.class,
        () -> MetadataStore.open("jdbc:mysql://h/db?password=hunter2"));
    assertTrue(e.getMessage().contains("unsupported metadata store URL"), e.getMessage());
    assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedWithItsNameAndLeftAlone() throws Exception {
    Path bogus = dir.resolve("notes.db");
    Files.writeString(bogus, "these are my notes, not a database\n".repeat(200));
    byte[] before = Files.readAllBytes(bogus);

    var e = org.junit.jupiter.api.Assertions.assertThrows(MetadataStoreException.class,
        () -> MetadataStore.open("jdbc:sqlite:" + bogus));

    assertTrue(e.getMessage().contains(bogus.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a database"), e.getMessage());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(bogus)), "the file must not be modified");
  }

  @Test
  void writersInSeveralProcessesLoseNothing() throws Exception {
    store.putContext(Context.create("run", "shared", Map.of()));
    int processes = 3;
    int writes = 40;
    List<Process> children = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ConcurrentWriterProcess.class.getName(),
          url(), "p" + p, Integer.toString(writes))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("child-" + p + ".log").toFile())
          .start());
    }
    for (int p = 0; p < processes; p++) {
      Path log = dir.resolve("child-" + p + ".log");
      assertTrue(children.get(p).waitFor(60, TimeUnit.SECONDS), "child " + p + " did not finish");
      assertEquals(0, children.get(p).exitValue(), () -> "child failed: " + readLog(log));
    }

    long run = store.contextByName("run", "shared").orElseThrow().id();
    assertEquals(processes * writes, store.executionsOfContext(run).size());
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
