package dev.kiln.metadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * What differs between the supported databases: how to connect, how a write transaction starts,
 * and how a unique-constraint violation is reported. Everything else is plain SQL shared by both.
 */
enum Vendor {
  SQLITE {
    @Override
    Connection connect(String jdbcUrl, String user, String password) throws SQLException {
      SQLiteConfig config = new SQLiteConfig();
      // WAL lets readers run while one writer writes, from any thread or process.
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      // Wait for another process's write lock instead of failing at once.
      config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
      config.enforceForeignKeys(true);
      SqliteNativeLibrary.useCachedCopy();
      // Straight to the driver: DriverManager's first use scans and loads every driver on the
      // class path, which costs tens of milliseconds on each start.
      return org.sqlite.JDBC.createConnection(jdbcUrl, config.toProperties());
    }

    @Override
    void begin(Connection connection, boolean write) throws SQLException {
      // Transactions are driven by hand in auto-commit mode: a write transaction takes the write lock
      // at BEGIN (IMMEDIATE), so it waits on the busy timeout up front instead of failing with
      // SQLITE_BUSY when a deferred reader later tries to upgrade to a writer.
      try (Statement s = connection.createStatement()) {
        s.execute(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
      }
    }

    @Override
    void commit(Connection connection) throws SQLException {
      try (Statement s = connection.createStatement()) {
        s.execute("COMMIT");
      }
    }

    @Override
    void rollback(Connection connection) throws SQLException {
      try (Statement s = connection.createStatement()) {
        s.execute("ROLLBACK");
      } catch (SQLException e) {
        // After some errors (a failed COMMIT, SQLITE_FULL...) SQLite has already ended the transaction.
        if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
          throw e;
        }
      }
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
      String m = e.getMessage();
      return m != null && (m.contains("SQLITE_CONSTRAINT_UNIQUE") || m.contains("SQLITE_CONSTRAINT_PRIMARYKEY"));
    }

    @Override
    boolean isForeignKeyViolation(SQLException e) {
      String m = e.getMessage();
      return m != null && m.contains("SQLITE_CONSTRAINT_FOREIGNKEY");
    }

    @Override
    void prepareLocation(String jdbcUrl) {
      Path file = sqliteFile(jdbcUrl);
      if (file != null && file.getParent() != null) {
        try {
          Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
          throw new MetadataStoreException(
              "cannot create the folder " + file.getParent() + " for metadata store " + jdbcUrl + ": " + e, e);
        }
      }
    }
  },

  POSTGRESQL {
    @Override
    Connection connect(String jdbcUrl, String user, String password) throws SQLException {
      Properties props = new Properties();
      if (user != null) {
        props.setProperty("user", user);
      }
      if (password != null) {
        props.setProperty("password", password);
      }
      Connection c = DriverManager.getConnection(jdbcUrl, props);
      c.setAutoCommit(true);
      return c;
    }

    @Override
    void begin(Connection connection, boolean write) throws SQLException {
      connection.setAutoCommit(false);
    }

    @Override
    void commit(Connection connection) throws SQLException {
      connection.commit();
      connection.setAutoCommit(true);
    }

    @Override
    void rollback(Connection connection) throws SQLException {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
      return "23505".equals(e.getSQLState());
    }

    @Override
    boolean isForeignKeyViolation(SQLException e) {
      return "23503".equals(e.getSQLState());
    }

    @Override
    void prepareLocation(String jdbcUrl) {}
  };

  static final int BUSY_TIMEOUT_MILLIS = 30_000;

  /** The vendor of a JDBC URL, or a clear error for any other database. */
  static Vendor of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new MetadataStoreException("unsupported metadata store URL '" + JdbcUrls.redact(jdbcUrl)
        + "': use jdbc:sqlite:/path/to/metadata.db or jdbc:postgresql://host:port/database");
  }

  /** The database file of a SQLite URL, or null for an in-memory database. */
  static Path sqliteFile(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith(":resource:")) {
      return null;
    }
    return Path.of(rest).toAbsolutePath();
  }

  abstract Connection connect(String jdbcUrl, String user, String password) throws SQLException;

  /** Starts a transaction; a write transaction holds the database's write lock until it ends. */
  abstract void begin(Connection connection, boolean write) throws SQLException;

  abstract void commit(Connection connection) throws SQLException;

  /** Rolls back the open transaction, if there still is one. */
  abstract void rollback(Connection connection) throws SQLException;

  abstract boolean isUniqueViolation(SQLException e);

  abstract boolean isForeignKeyViolation(SQLException e);

  /** Makes sure the database can be created (for SQLite: creates the file's parent folders). */
  abstract void prepareLocation(String jdbcUrl);
}
