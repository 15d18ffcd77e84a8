package dev.kiln.metadata;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs JDBC work in transactions on pooled connections. A write transaction is bound to its
 * thread, so every store call the thread makes while it is open joins it (that is how
 * {@link MetadataStore#inTransaction} groups calls); reads on other threads do not wait for it.
 */
final class Transactions {
  private final ConnectionPool pool;
  private final String storeName;
  /**
   * SQLite allows one writer at a time. Threads of this process queue here, fairly, instead of
   * polling SQLite's busy handler; other processes are still kept out by SQLite's own lock.
   */
  private final ReentrantLock localWriteLock;
  private final ThreadLocal<Tx> current = new ThreadLocal<>();

  private static final class Tx {
    final DbConnection connection;
    final List<Runnable> afterCommit = new ArrayList<>();

    Tx(DbConnection connection) {
      this.connection = connection;
    }
  }

  Transactions(ConnectionPool pool, Vendor vendor, String storeName) {
    this.pool = pool;
    this.storeName = storeName;
    this.localWriteLock = vendor == Vendor.SQLITE ? new ReentrantLock(true) : null;
  }

  /** Runs read-only work: inside the thread's open transaction, or in a read transaction of its own. */
  <T> T read(String what, SqlWork<T> work) {
    Tx tx = current.get();
    if (tx != null) {
      return runJoined(what, tx, work);
    }
    return runAlone(what, work, false);
  }

  /** Runs work that writes: inside the thread's open transaction, or atomically on its own. */
  <T> T write(String what, SqlWork<T> work) {
    Tx tx = current.get();
    if (tx != null) {
      return runJoined(what, tx, work);
    }
    if (localWriteLock != null) {
      localWriteLock.lock();
    }
    try {
      return runAlone(what, work, true);
    } finally {
      if (localWriteLock != null) {
        localWriteLock.unlock();
      }
    }
  }

  /**
   * Runs {@code action} once the current write transaction has committed (at once when there is
   * none); used to publish cached ids only when the rows behind them are durable.
   */
  void afterCommit(Runnable action) {
    Tx tx = current.get();
    if (tx == null) {
      action.run();
    } else {
      tx.afterCommit.add(action);
    }
  }

  private <T> T runJoined(String what, Tx tx, SqlWork<T> work) {
    try {
      return work.run(tx.connection);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private <T> T runAlone(String what, SqlWork<T> work, boolean write) {
    DbConnection connection;
    try {
      connection = pool.borrow();
    } catch (SQLException e) {
      throw new MetadataStoreException("cannot connect to metadata store " + storeName + ": " + e.getMessage(), e);
    }
    Tx tx = new Tx(connection);
    boolean healthy = true;
    try {
      connection.begin(write);
      current.set(tx);
      T result = work.run(connection);
      connection.commit();
      tx.afterCommit.forEach(Runnable::run);
      return result;
    } catch (SQLException e) {
      healthy = rollback(connection, e);
      throw failure(what, e);
    } catch (RuntimeException | Error e) {
      healthy = rollback(connection, e);
      throw e;
    } finally {
      current.remove();
      if (healthy) {
        pool.release(connection);
      } else {
        connection.close();
      }
    }
  }

  /** Rolls back; returns false (and keeps the first error) when the connection is no longer usable. */
  private static boolean rollback(DbConnection connection, Throwable cause) {
    try {
      connection.rollback();
      return true;
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
      return false;
    }
  }

  private MetadataStoreException failure(String what, SQLException e) {
    return new MetadataStoreException(what + " failed in metadata store " + storeName + ": " + e.getMessage(), e);
  }
}
