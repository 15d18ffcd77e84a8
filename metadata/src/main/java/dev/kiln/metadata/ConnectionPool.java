package dev.kiln.metadata;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal pool: connections are opened on demand, one per concurrently working thread, and
 * up to {@code maxIdle} are kept open for reuse. Enough for a CLI and an orchestrator; a server
 * with hundreds of threads would want a real pool.
 */
final class ConnectionPool implements AutoCloseable {
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Vendor vendor;
  private final int maxIdle;
  private final Deque<DbConnection> idle = new ArrayDeque<>();
  private boolean closed;

  ConnectionPool(String jdbcUrl, String user, String password, Vendor vendor, int maxIdle) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.vendor = vendor;
    this.maxIdle = maxIdle;
  }

  /** Adds an already open connection (the one used to check the schema) to the idle set. */
  void offer(DbConnection connection) {
    release(connection);
  }

  DbConnection borrow() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new MetadataStoreException("metadata store " + JdbcUrls.redact(jdbcUrl) + " is closed");
      }
      DbConnection c = idle.pollFirst();
      if (c != null) {
        return c;
      }
    }
    return new DbConnection(vendor.connect(jdbcUrl, user, password), vendor);
  }

  void release(DbConnection connection) {
    synchronized (this) {
      if (!closed && idle.size() < maxIdle) {
        idle.addFirst(connection);
        return;
      }
    }
    connection.close();
  }

  /** Closes idle connections; borrowed ones are closed when they come back. */
  @Override
  public synchronized void close() {
    closed = true;
    idle.forEach(DbConnection::close);
    idle.clear();
  }
}
