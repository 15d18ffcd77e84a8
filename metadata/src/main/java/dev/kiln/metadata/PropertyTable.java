package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the typed property tables (ArtifactProperty, ExecutionProperty, ContextProperty): each
 * value is stored in the column of its type, so that a Long stays a Long and a Double a Double.
 */
final class PropertyTable {
  static final PropertyTable ARTIFACT = new PropertyTable("ArtifactProperty", "artifact_id");
  static final PropertyTable EXECUTION = new PropertyTable("ExecutionProperty", "execution_id");
  static final PropertyTable CONTEXT = new PropertyTable("ContextProperty", "context_id");

  private final String table;
  private final String ownerColumn;
  private final String insertSql;
  private final String deleteSql;

  private PropertyTable(String table, String ownerColumn) {
    this.table = table;
    this.ownerColumn = ownerColumn;
    this.insertSql = "INSERT INTO " + table + " (" + ownerColumn
        + ", name, int_value, double_value, string_value) VALUES (?, ?, ?, ?, ?)";
    this.deleteSql = "DELETE FROM " + table + " WHERE " + ownerColumn + " = ?";
  }

  String table() {
    return table;
  }

  String ownerColumn() {
    return ownerColumn;
  }

  /** Writes the properties of a new owner. */
  void insert(DbConnection c, long ownerId, Map<String, Object> properties) throws SQLException {
    if (properties.isEmpty()) {
      return;
    }
    PreparedStatement ps = c.prepare(insertSql);
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      Object v = e.getValue();
      ps.setLong(1, ownerId);
      ps.setString(2, e.getKey());
      if (v instanceof Long l) {
        ps.setLong(3, l);
      } else {
        ps.setNull(3, Types.BIGINT);
      }
      if (v instanceof Double d) {
        ps.setDouble(4, d);
      } else {
        ps.setNull(4, Types.DOUBLE);
      }
      if (v instanceof String s) {
        ps.setString(5, s);
      } else {
        ps.setNull(5, Types.VARCHAR);
      }
      ps.addBatch();
    }
    ps.executeBatch();
  }

  /** Replaces all properties of an existing owner. */
  void replace(DbConnection c, long ownerId, Map<String, Object> properties) throws SQLException {
    PreparedStatement delete = c.prepare(deleteSql);
    delete.setLong(1, ownerId);
    delete.executeUpdate();
    insert(c, ownerId, properties);
  }

  /** The properties of each owner, in batched queries; owners without properties are absent. */
  Map<Long, Map<String, Object>> load(DbConnection c, Collection<Long> ownerIds) throws SQLException {
    Map<Long, Map<String, Object>> out = new HashMap<>();
    for (List<Long> chunk : Sql.chunks(ownerIds)) {
      PreparedStatement ps = c.prepare("SELECT " + ownerColumn + ", name, int_value, double_value, string_value FROM "
          + table + " WHERE " + ownerColumn + " IN (" + Sql.placeholders(chunk.size()) + ")");
      Sql.bindLongs(ps, 1, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), value(rs));
        }
      }
    }
    return out;
  }

  private Object value(ResultSet rs) throws SQLException {
    long l = rs.getLong(3);
    if (!rs.wasNull()) {
      return l;
    }
    double d = rs.getDouble(4);
    if (!rs.wasNull()) {
      return d;
    }
    String s = rs.getString(5);
    if (s != null) {
      return s;
    }
    throw new MetadataStoreException("property '" + rs.getString(2) + "' of " + ownerColumn + " "
        + rs.getLong(1) + " in table " + table + " has no value");
  }
}
