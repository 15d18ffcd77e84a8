package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading one kind of typed entity (artifact, execution, context) with its properties: one query
 * for the rows, then one batched query for the properties of all of them.
 *
 * @param <T> the entity record
 */
abstract class EntityTable<T> {
  /** Binds the parameters of a query. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private final PropertyTable properties;
  private final String selectPrefix;
  private final String kindName;

  /**
   * @param table the entity table, aliased {@code x} in queries
   * @param columns the columns to select, from {@code x} and its type {@code t}
   */
  EntityTable(String table, String columns, PropertyTable properties, String kindName) {
    this.properties = properties;
    this.kindName = kindName;
    this.selectPrefix = "SELECT " + columns + " FROM " + table + " x JOIN Type t ON t.id = x.type_id ";
  }

  /** Maps the current row, without its properties. */
  abstract T map(ResultSet rs) throws SQLException;

  abstract long id(T entity);

  abstract T withProperties(T entity, Map<String, Object> properties);

  PropertyTable properties() {
    return properties;
  }

  /** "artifact", "execution" or "context", for messages. */
  String kindName() {
    return kindName;
  }

  /** Runs {@code SELECT columns FROM table x JOIN Type t ... <tail>} and attaches properties. */
  List<T> select(DbConnection c, String tail, Binder binder) throws SQLException {
    PreparedStatement ps = c.prepare(selectPrefix + tail);
    binder.bind(ps);
    List<T> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(map(rs));
      }
    }
    if (rows.isEmpty()) {
      return rows;
    }
    Map<Long, Map<String, Object>> props = properties.load(c, rows.stream().map(this::id).toList());
    List<T> out = new ArrayList<>(rows.size());
    for (T row : rows) {
      out.add(withProperties(row, props.getOrDefault(id(row), Map.of())));
    }
    return out;
  }

  Optional<T> byId(DbConnection c, long id) throws SQLException {
    List<T> found = select(c, "WHERE x.id = ?", ps -> ps.setLong(1, id));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The entities with these ids, in the order of {@code ids}; unknown ids are skipped. */
  List<T> byIds(DbConnection c, List<Long> ids) throws SQLException {
    Map<Long, T> byId = new HashMap<>();
    for (List<Long> chunk : Sql.chunks(ids)) {
      for (T e : select(c, "WHERE x.id IN (" + Sql.placeholders(chunk.size()) + ")", ps -> Sql.bindLongs(ps, 1, chunk))) {
        byId.put(id(e), e);
      }
    }
    List<T> out = new ArrayList<>(byId.size());
    for (Long id : ids.stream().distinct().toList()) {
      T e = byId.get(id);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /** Newest first, at most {@code limit}, of one type (none when the type does not exist). */
  List<T> ofType(DbConnection c, long typeId, int limit) throws SQLException {
    return select(c, "WHERE x.type_id = ? ORDER BY x.id DESC LIMIT ?", ps -> {
      ps.setLong(1, typeId);
      ps.setInt(2, limit);
    });
  }

  /** The newest entities of any type, newest first. */
  List<T> newest(DbConnection c, int limit) throws SQLException {
    return select(c, "ORDER BY x.id DESC LIMIT ?", ps -> ps.setInt(1, limit));
  }

  /**
   * After an UPDATE matched no row: explains why (no such id, or an attempt to change its type).
   */
  MetadataStoreException updateFailed(DbConnection c, long id, String newType) throws SQLException {
    PreparedStatement ps = c.prepare(selectPrefix + "WHERE x.id = ?");
    ps.setLong(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new MetadataStoreException("cannot update " + kindName + " " + id + ": there is no " + kindName
            + " with that id (use id 0 to insert a new one)");
      }
    }
    T existing = byId(c, id).orElseThrow();
    return new MetadataStoreException("cannot update " + kindName + " " + id + ": it has type '"
        + typeOf(existing) + "', and a " + kindName + "'s type cannot change to '" + newType + "'");
  }

  abstract String typeOf(T entity);

  static long now() {
    return System.currentTimeMillis();
  }

  static long insertReturningId(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("INSERT ... RETURNING id returned no row");
      }
      return rs.getLong(1);
    }
  }

  static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, not " + limit);
    }
  }

  static String requireText(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }
}
