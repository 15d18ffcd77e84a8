package dev.kiln.metadata;

import java.sql.SQLException;

/** A unit of JDBC work on one connection; lets the callers throw {@link SQLException} freely. */
@FunctionalInterface
interface SqlWork<T> {
  T run(DbConnection connection) throws SQLException;
}
