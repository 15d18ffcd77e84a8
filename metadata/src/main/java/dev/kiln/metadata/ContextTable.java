package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rows of the Context table (name unique per type) and their properties. */
final class ContextTable extends EntityTable<Context> {
  private final TypeRegistry types;

  ContextTable(TypeRegistry types) {
    super("Context", "x.id, t.name, x.name, x.create_time, x.update_time", PropertyTable.CONTEXT, "context");
    this.types = types;
  }

  /**
   * Inserts (id 0) or updates the context and replaces its properties; returns its id.
   *
   * @throws AlreadyExistsException when another context of the type has the name
   */
  long put(DbConnection c, Context ctx) throws SQLException {
    requireText(ctx.name(), "context name");
    long typeId = types.idOf(c, TypeKind.CONTEXT, ctx.type());
    checkNameFree(c, typeId, ctx);
    long now = now();
    try {
      if (ctx.id() == 0) {
        PreparedStatement ps = c.prepare(
            "INSERT INTO Context (type_id, name, create_time, update_time) VALUES (?, ?, ?, ?) RETURNING id");
        ps.setLong(1, typeId);
        ps.setString(2, ctx.name());
        ps.setLong(3, now);
        ps.setLong(4, now);
        long id = insertReturningId(ps);
        properties().insert(c, id, ctx.properties());
        return id;
      }
      PreparedStatement ps = c.prepare("UPDATE Context SET name = ?, update_time = ? WHERE id = ? AND type_id = ?");
      ps.setString(1, ctx.name());
      ps.setLong(2, now);
      ps.setLong(3, ctx.id());
      ps.setLong(4, typeId);
      if (ps.executeUpdate() == 0) {
        throw updateFailed(c, ctx.id(), ctx.type());
      }
      properties().replace(c, ctx.id(), ctx.properties());
      return ctx.id();
    } catch (SQLException e) {
      if (c.vendor().isUniqueViolation(e)) {
        // Lost a race with another writer (PostgreSQL runs writers concurrently).
        throw duplicate(ctx, null);
      }
      throw e;
    }
  }

  private void checkNameFree(DbConnection c, long typeId, Context ctx) throws SQLException {
    PreparedStatement ps = c.prepare("SELECT id FROM Context WHERE type_id = ? AND name = ? AND id <> ?");
    ps.setLong(1, typeId);
    ps.setString(2, ctx.name());
    ps.setLong(3, ctx.id());
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        throw duplicate(ctx, rs.getLong(1));
      }
    }
  }

  private static AlreadyExistsException duplicate(Context ctx, Long existingId) {
    return new AlreadyExistsException("a context of type '" + ctx.type() + "' named '" + ctx.name()
        + "' already exists" + (existingId == null ? "" : " (id " + existingId + ")")
        + "; context names are unique per type");
  }

  Optional<Context> byName(DbConnection c, String typeName, String name) throws SQLException {
    List<Context> found = select(c, "WHERE t.kind = ? AND t.name = ? AND x.name = ?", ps -> {
      ps.setString(1, TypeKind.CONTEXT.name());
      ps.setString(2, typeName);
      ps.setString(3, name);
    });
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Newest first, at most {@code limit}; walks the (parent, child) index backwards. */
  List<Context> children(DbConnection c, long parentId, int limit) throws SQLException {
    return select(c, "JOIN ParentContext pc ON pc.context_id = x.id WHERE pc.parent_context_id = ?"
        + " ORDER BY pc.context_id DESC LIMIT ?", ps -> {
          ps.setLong(1, parentId);
          ps.setInt(2, limit);
        });
  }

  List<Context> ofExecution(DbConnection c, long executionId) throws SQLException {
    return select(c, "JOIN Association assoc ON assoc.context_id = x.id WHERE assoc.execution_id = ? ORDER BY x.id",
        ps -> ps.setLong(1, executionId));
  }

  @Override
  Context map(ResultSet rs) throws SQLException {
    return new Context(rs.getLong(1), rs.getString(2), rs.getString(3), Map.of(), rs.getLong(4), rs.getLong(5));
  }

  @Override
  long id(Context ctx) {
    return ctx.id();
  }

  @Override
  String typeOf(Context ctx) {
    return ctx.type();
  }

  @Override
  Context withProperties(Context ctx, Map<String, Object> properties) {
    return ctx.withProperties(properties);
  }
}
