package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Rows of the Execution table and their properties. */
final class ExecutionTable extends EntityTable<Execution> {
  private final TypeRegistry types;

  ExecutionTable(TypeRegistry types) {
    super("Execution", "x.id, t.name, x.name, x.state, x.create_time, x.update_time", PropertyTable.EXECUTION,
        "execution");
    this.types = types;
  }

  /** Inserts (id 0) or updates the execution and replaces its properties; returns its id. */
  long put(DbConnection c, Execution e) throws SQLException {
    requireText(e.state() == null ? null : e.state().name(), "execution state");
    long typeId = types.idOf(c, TypeKind.EXECUTION, e.type());
    long now = now();
    if (e.id() == 0) {
      PreparedStatement ps = c.prepare("INSERT INTO Execution (type_id, name, state, create_time, update_time)"
          + " VALUES (?, ?, ?, ?, ?) RETURNING id");
      ps.setLong(1, typeId);
      ps.setString(2, e.name());
      ps.setString(3, e.state().name());
      ps.setLong(4, now);
      ps.setLong(5, now);
      long id = insertReturningId(ps);
      properties().insert(c, id, e.properties());
      return id;
    }
    PreparedStatement ps = c.prepare(
        "UPDATE Execution SET name = ?, state = ?, update_time = ? WHERE id = ? AND type_id = ?");
    ps.setString(1, e.name());
    ps.setString(2, e.state().name());
    ps.setLong(3, now);
    ps.setLong(4, e.id());
    ps.setLong(5, typeId);
    if (ps.executeUpdate() == 0) {
      throw updateFailed(c, e.id(), e.type());
    }
    properties().replace(c, e.id(), e.properties());
    return e.id();
  }

  /** Newest first; served by the (name, string_value) property index. */
  List<Execution> byProperty(DbConnection c, String name, String value, Execution.State state) throws SQLException {
    return select(c, "JOIN ExecutionProperty p ON p.execution_id = x.id"
        + " WHERE p.name = ? AND p.string_value = ? AND x.state = ? ORDER BY p.execution_id DESC", ps -> {
          ps.setString(1, name);
          ps.setString(2, value);
          ps.setString(3, state.name());
        });
  }

  /** Oldest first. */
  List<Execution> inState(DbConnection c, Execution.State state) throws SQLException {
    return select(c, "WHERE x.state = ? ORDER BY x.id", ps -> ps.setString(1, state.name()));
  }

  /** Oldest first. */
  List<Execution> ofContext(DbConnection c, long contextId) throws SQLException {
    return select(c, "JOIN Association assoc ON assoc.execution_id = x.id WHERE assoc.context_id = ? ORDER BY x.id",
        ps -> ps.setLong(1, contextId));
  }

  @Override
  Execution map(ResultSet rs) throws SQLException {
    return new Execution(rs.getLong(1), rs.getString(2), rs.getString(3),
        Sql.enumValue(Execution.State.class, rs.getString(4), "Execution.state"), Map.of(), rs.getLong(5),
        rs.getLong(6));
  }

  @Override
  long id(Execution e) {
    return e.id();
  }

  @Override
  String typeOf(Execution e) {
    return e.type();
  }

  @Override
  Execution withProperties(Execution e, Map<String, Object> properties) {
    return new Execution(e.id(), e.type(), e.name(), e.state(), properties, e.createTimeMillis(),
        e.updateTimeMillis());
  }
}
