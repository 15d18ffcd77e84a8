package dev.kiln.metadata;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database to the schema version this code knows, with Flyway and the versioned scripts
 * in {@code db/migration/sqlite} and {@code db/migration/postgresql}.
 *
 * <p>Opening the store is on the path of every {@code kiln} command, and Flyway's start-up
 * (class loading, scanning the classpath, validating checksums) costs several hundred
 * milliseconds. So the schema history is read first with one query: when it already shows
 * {@link #LATEST_VERSION}, Flyway is not loaded at all. A database whose history shows a newer
 * version was written by a newer Kiln and is refused.
 */
final class SchemaMigrator {
  /** The highest {@code V<n>__*.sql} in {@code db/migration/sqlite} and {@code db/migration/postgresql}. */
  static final int LATEST_VERSION = 2;

  static final String HISTORY_TABLE = "flyway_schema_history";

  private SchemaMigrator() {}

  /**
   * Makes sure the database behind {@code connection} has the latest schema, migrating it with
   * Flyway when it is new or older.
   *
   * @throws MetadataStoreException when the schema is newer than this code, or migration fails
   */
  static void ensureCurrent(DbConnection connection, String jdbcUrl, String user, String password) throws SQLException {
    int version = appliedVersion(connection);
    checkNotNewer(version, jdbcUrl);
    if (version == LATEST_VERSION) {
      return;
    }
    Vendor vendor = connection.vendor();
    // File locks are per process: threads of this one are kept apart by the monitor.
    synchronized (SchemaMigrator.class) {
      try (MigrationLock lock = MigrationLock.acquire(vendor, jdbcUrl)) {
        // Another process may have migrated while this one waited for the lock.
        version = appliedVersion(connection);
        checkNotNewer(version, jdbcUrl);
        if (version < LATEST_VERSION) {
          migrate(vendor, jdbcUrl, user, password);
        }
      }
    }
    int after = appliedVersion(connection);
    if (after != LATEST_VERSION) {
      throw new MetadataStoreException("metadata store " + JdbcUrls.redact(jdbcUrl) + " is at schema version "
          + after + " after migration, expected " + LATEST_VERSION);
    }
  }

  /** Where the vendor's scripts are: Flyway's own {vendor} placeholder is not in the free edition. */
  static String migrationLocation(Vendor vendor) {
    return "classpath:db/migration/" + vendor.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The highest successfully applied schema version, 0 for a database without Kiln's schema. */
  static int appliedVersion(DbConnection connection) throws SQLException {
    if (!historyTableExists(connection)) {
      return 0;
    }
    int max = 0;
    PreparedStatement ps = connection.prepare(
        "SELECT version FROM " + HISTORY_TABLE + " WHERE success = ? AND version IS NOT NULL");
    ps.setBoolean(1, true);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        max = Math.max(max, majorVersion(rs.getString(1)));
      }
    }
    return max;
  }

  private static boolean historyTableExists(DbConnection connection) throws SQLException {
    String sql = connection.vendor() == Vendor.SQLITE
        ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?";
    PreparedStatement ps = connection.prepare(sql);
    ps.setString(1, HISTORY_TABLE);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /** "3" and "3.1" are both schema 3 for the purpose of "is it newer than what I know". */
  private static int majorVersion(String version) {
    String major = version.split("\\.", 2)[0].trim();
    try {
      return Integer.parseInt(major);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void checkNotNewer(int version, String jdbcUrl) {
    if (version > LATEST_VERSION) {
      throw new MetadataStoreException("metadata store " + JdbcUrls.redact(jdbcUrl) + " has schema version "
          + version + ", newer than version " + LATEST_VERSION
          + " that this Kiln knows; it was written by a newer Kiln. Upgrade Kiln to use it (it was not modified).");
    }
  }

  private static void migrate(Vendor vendor, String jdbcUrl, String user, String password) {
    try {
      Flyway.configure()
          .dataSource(jdbcUrl, user, password)
          .locations(migrationLocation(vendor))
          .failOnMissingLocations(true)
          .table(HISTORY_TABLE)
          // through slf4j like the rest of Kiln, not java.util.logging on stderr
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new MetadataStoreException("cannot migrate metadata store " + JdbcUrls.redact(jdbcUrl)
          + " to schema version " + LATEST_VERSION + ": " + e.getMessage(), e);
    }
  }

  /**
   * Keeps two processes from migrating one SQLite file at the same time: Flyway has no lock for
   * SQLite, so a lock file next to the database is taken. PostgreSQL needs none: Flyway takes an
   * advisory lock there.
   */
  private static final class MigrationLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private MigrationLock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    static MigrationLock acquire(Vendor vendor, String jdbcUrl) {
      Path db = vendor == Vendor.SQLITE ? Vendor.sqliteFile(jdbcUrl) : null;
      if (db == null) {
        return new MigrationLock(null, null);
      }
      Path lockFile = db.resolveSibling(db.getFileName() + ".migrate-lock");
      try {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return new MigrationLock(channel, channel.lock());
      } catch (IOException e) {
        throw new MetadataStoreException("cannot lock " + lockFile + " to migrate the metadata store: " + e, e);
      }
    }

    @Override
    public void close() {
      try {
        if (lock != null) {
          lock.release();
        }
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // the lock goes away with the channel or the process anyway
      }
    }
  }
}
