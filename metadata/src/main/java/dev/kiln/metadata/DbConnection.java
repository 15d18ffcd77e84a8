package dev.kiln.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pooled JDBC connection with a small cache of prepared statements, so that the same
 * statement run thousands of times (a bulk import, a lineage walk) is parsed once.
 * Used by one thread at a time.
 */
final class DbConnection implements AutoCloseable {
  private static final int CACHED_STATEMENTS = 64;

  private final Connection connection;
  private final Vendor vendor;
  private final Map<String, PreparedStatement> statements =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() > CACHED_STATEMENTS) {
            closeQuietly(eldest.getValue());
            return true;
          }
          return false;
        }
      };

  DbConnection(Connection connection, Vendor vendor) {
    this.connection = connection;
    this.vendor = vendor;
  }

  Vendor vendor() {
    return vendor;
  }

  /** A prepared statement for {@code sql}, cleared of earlier parameters; do not close it. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }

  void begin(boolean write) throws SQLException {
    vendor.begin(connection, write);
  }

  void commit() throws SQLException {
    vendor.commit(connection);
  }

  void rollback() throws SQLException {
    vendor.rollback(connection);
  }

  Connection jdbc() {
    return connection;
  }

  @Override
  public void close() {
    statements.values().forEach(DbConnection::closeQuietly);
    statements.clear();
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing: nothing useful left to do with the error
    }
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // an evicted statement; the connection stays usable
    }
  }
}
