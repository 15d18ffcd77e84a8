package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Type ids by kind and name; a type is created the first time it is used. */
final class TypeRegistry {
  private final Transactions transactions;
  private final Map<String, Long> committedIds = new ConcurrentHashMap<>();

  TypeRegistry(Transactions transactions) {
    this.transactions = transactions;
  }

  /** The id of the type, created if it does not exist yet. Call inside a write transaction. */
  long idOf(DbConnection c, TypeKind kind, String name) throws SQLException {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(kind.name().toLowerCase() + " type name must not be empty");
    }
    String key = kind + "\u0000" + name;
    Long cached = committedIds.get(key);
    if (cached != null) {
      return cached;
    }
    Long id = find(c, kind, name);
    if (id == null) {
      // ON CONFLICT DO NOTHING: another process may create the same type concurrently (PostgreSQL).
      PreparedStatement insert = c.prepare("INSERT INTO Type (kind, name) VALUES (?, ?) ON CONFLICT (kind, name) DO NOTHING");
      insert.setString(1, kind.name());
      insert.setString(2, name);
      insert.executeUpdate();
      id = find(c, kind, name);
    }
    long found = id;
    // Cached only once committed: a rolled-back transaction must not leave an id behind.
    transactions.afterCommit(() -> committedIds.put(key, found));
    return found;
  }

  /** The id of an existing type, or null; never creates one. */
  Long find(DbConnection c, TypeKind kind, String name) throws SQLException {
    Long cached = committedIds.get(kind + "\u0000" + name);
    if (cached != null) {
      return cached;
    }
    PreparedStatement ps = c.prepare("SELECT id FROM Type WHERE kind = ? AND name = ?");
    ps.setString(1, kind.name());
    ps.setString(2, name);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }
}
