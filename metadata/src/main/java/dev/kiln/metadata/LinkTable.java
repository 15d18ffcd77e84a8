package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The link tables: Attribution (context, artifact), Association (context, execution) and
 * ParentContext (child, parent). Adding a link that exists already is a no-op.
 */
final class LinkTable {
  static final LinkTable ATTRIBUTION = new LinkTable("Attribution", "context_id", "artifact_id", "context", "artifact");
  static final LinkTable ASSOCIATION = new LinkTable("Association", "context_id", "execution_id", "context", "execution");
  static final LinkTable PARENT_CONTEXT =
      new LinkTable("ParentContext", "context_id", "parent_context_id", "child context", "parent context");

  private final String table;
  private final String insertSql;
  private final String firstName;
  private final String secondName;

  private LinkTable(String table, String first, String second, String firstName, String secondName) {
    this.table = table;
    this.firstName = firstName;
    this.secondName = secondName;
    this.insertSql = "INSERT INTO " + table + " (" + first + ", " + second + ") VALUES (?, ?)"
        + " ON CONFLICT (" + first + ", " + second + ") DO NOTHING";
  }

  void put(DbConnection c, long first, long second) throws SQLException {
    if (this == PARENT_CONTEXT && first == second) {
      throw new IllegalArgumentException("context " + first + " cannot be its own parent");
    }
    PreparedStatement ps = c.prepare(insertSql);
    ps.setLong(1, first);
    ps.setLong(2, second);
    try {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (c.vendor().isForeignKeyViolation(e)) {
        throw new MetadataStoreException("cannot add " + table + ": " + firstName + " " + first + " or "
            + secondName + " " + second + " does not exist");
      }
      throw e;
    }
  }
}
