package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The Event table and its EventPath steps. Kiln's path "examples:train" is stored as the key steps
 * "examples" and "train", as ML Metadata stores an event path.
 */
final class EventTable {
  private static final String PATH_SEPARATOR = ":";

  void put(DbConnection c, Event event) throws SQLException {
    if (event.type() == null) {
      throw new IllegalArgumentException("event type must not be null");
    }
    PreparedStatement ps = c.prepare(
        "INSERT INTO Event (artifact_id, execution_id, type, event_time) VALUES (?, ?, ?, ?) RETURNING id");
    ps.setLong(1, event.artifactId());
    ps.setLong(2, event.executionId());
    ps.setString(3, event.type().name());
    ps.setLong(4, event.timeMillis() > 0 ? event.timeMillis() : System.currentTimeMillis());
    long id;
    try {
      id = EntityTable.insertReturningId(ps);
    } catch (SQLException e) {
      if (c.vendor().isForeignKeyViolation(e)) {
        throw new MetadataStoreException("cannot record " + event.type() + " event: artifact " + event.artifactId()
            + " or execution " + event.executionId() + " does not exist");
      }
      throw e;
    }
    if (event.path() != null) {
      PreparedStatement step = c.prepare("INSERT INTO EventPath (event_id, step_index, step_key) VALUES (?, ?, ?)");
      String[] keys = event.path().split(PATH_SEPARATOR, -1);
      for (int i = 0; i < keys.length; i++) {
        step.setLong(1, id);
        step.setInt(2, i);
        step.setString(3, keys[i]);
        step.addBatch();
      }
      step.executeBatch();
    }
  }

  /** Events of these artifacts, optionally of one type only, in insertion order. */
  List<Event> byArtifacts(DbConnection c, Collection<Long> artifactIds, Event.Type type) throws SQLException {
    return select(c, "artifact_id", artifactIds, type);
  }

  /** Events of these executions, optionally of one type only, in insertion order. */
  List<Event> byExecutions(DbConnection c, Collection<Long> executionIds, Event.Type type) throws SQLException {
    return select(c, "execution_id", executionIds, type);
  }

  private List<Event> select(DbConnection c, String column, Collection<Long> ids, Event.Type type)
      throws SQLException {
    List<Event> out = new ArrayList<>();
    for (List<Long> chunk : Sql.chunks(ids)) {
      PreparedStatement ps = c.prepare("SELECT e.id, e.artifact_id, e.execution_id, e.type, e.event_time, p.step_key"
          + " FROM Event e LEFT JOIN EventPath p ON p.event_id = e.id"
          + " WHERE e." + column + " IN (" + Sql.placeholders(chunk.size()) + ")"
          + (type == null ? "" : " AND e.type = ?")
          + " ORDER BY e.id, p.step_index");
      int next = Sql.bindLongs(ps, 1, chunk);
      if (type != null) {
        ps.setString(next, type.name());
      }
      readGrouped(ps, out);
    }
    return out;
  }

  /** One event per run of rows with the same id; their step keys joined back into the path. */
  private static void readGrouped(PreparedStatement ps, List<Event> out) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      long currentId = -1;
      Event current = null;
      StringBuilder path = null;
      while (rs.next()) {
        long id = rs.getLong(1);
        if (id != currentId) {
          if (current != null) {
            out.add(withPath(current, path));
          }
          currentId = id;
          current = new Event(rs.getLong(2), rs.getLong(3),
              Sql.enumValue(Event.Type.class, rs.getString(4), "Event.type"), null, rs.getLong(5));
          path = null;
        }
        String step = rs.getString(6);
        if (step != null) {
          path = path == null ? new StringBuilder(step) : path.append(PATH_SEPARATOR).append(step);
        }
      }
      if (current != null) {
        out.add(withPath(current, path));
      }
    }
  }

  private static Event withPath(Event e, StringBuilder path) {
    return new Event(e.artifactId(), e.executionId(), e.type(), path == null ? null : path.toString(), e.timeMillis());
  }
}
