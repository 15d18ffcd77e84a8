package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Rows of the Artifact table and their properties. */
final class ArtifactTable extends EntityTable<Artifact> {
  private final TypeRegistry types;

  ArtifactTable(TypeRegistry types) {
    super("Artifact", "x.id, t.name, x.uri, x.name, x.state, x.create_time", PropertyTable.ARTIFACT, "artifact");
    this.types = types;
  }

  /** Inserts (id 0) or updates the artifact and replaces its properties; returns its id. */
  long put(DbConnection c, Artifact a) throws SQLException {
    requireText(a.uri(), "artifact uri");
    requireText(a.state() == null ? null : a.state().name(), "artifact state");
    long typeId = types.idOf(c, TypeKind.ARTIFACT, a.type());
    long now = now();
    if (a.id() == 0) {
      PreparedStatement ps = c.prepare("INSERT INTO Artifact (type_id, uri, name, state, create_time, update_time)"
          + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
      ps.setLong(1, typeId);
      ps.setString(2, a.uri());
      ps.setString(3, a.name());
      ps.setString(4, a.state().name());
      ps.setLong(5, now);
      ps.setLong(6, now);
      long id = insertReturningId(ps);
      properties().insert(c, id, a.properties());
      return id;
    }
    PreparedStatement ps = c.prepare(
        "UPDATE Artifact SET uri = ?, name = ?, state = ?, update_time = ? WHERE id = ? AND type_id = ?");
    ps.setString(1, a.uri());
    ps.setString(2, a.name());
    ps.setString(3, a.state().name());
    ps.setLong(4, now);
    ps.setLong(5, a.id());
    ps.setLong(6, typeId);
    if (ps.executeUpdate() == 0) {
      throw updateFailed(c, a.id(), a.type());
    }
    properties().replace(c, a.id(), a.properties());
    return a.id();
  }

  /** Newest first. */
  List<Artifact> byProperty(DbConnection c, String name, String value) throws SQLException {
    return select(c, "JOIN ArtifactProperty p ON p.artifact_id = x.id WHERE p.name = ? AND p.string_value = ?"
        + " ORDER BY p.artifact_id DESC", ps -> {
          ps.setString(1, name);
          ps.setString(2, value);
        });
  }

  /** Oldest first. */
  List<Artifact> ofContext(DbConnection c, long contextId) throws SQLException {
    return select(c, "JOIN Attribution attr ON attr.artifact_id = x.id WHERE attr.context_id = ? ORDER BY x.id",
        ps -> ps.setLong(1, contextId));
  }

  @Override
  Artifact map(ResultSet rs) throws SQLException {
    return new Artifact(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        Sql.enumValue(Artifact.State.class, rs.getString(5), "Artifact.state"), Map.of(), rs.getLong(6));
  }

  @Override
  long id(Artifact a) {
    return a.id();
  }

  @Override
  String typeOf(Artifact a) {
    return a.type();
  }

  @Override
  Artifact withProperties(Artifact a, Map<String, Object> properties) {
    return new Artifact(a.id(), a.type(), a.uri(), a.name(), a.state(), properties, a.createTimeMillis());
  }
}
