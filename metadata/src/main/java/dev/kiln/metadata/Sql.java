package dev.kiln.metadata;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small helpers for queries over lists of ids. */
final class Sql {
  /** Ids per {@code IN (...)} list: far below SQLite's and PostgreSQL's parameter limits. */
  static final int CHUNK = 500;

  private Sql() {}

  /** "?, ?, ?" for n parameters. */
  static String placeholders(int n) {
    StringBuilder sb = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "?" : ", ?");
    }
    return sb.toString();
  }

  /** The ids in slices of at most {@link #CHUNK}, without duplicates, in first-seen order. */
  static List<List<Long>> chunks(Collection<Long> ids) {
    List<Long> distinct = ids.stream().distinct().toList();
    List<List<Long>> out = new ArrayList<>();
    for (int i = 0; i < distinct.size(); i += CHUNK) {
      out.add(distinct.subList(i, Math.min(distinct.size(), i + CHUNK)));
    }
    return out;
  }

  /** Binds ids to parameters {@code first, first+1, ...}; returns the next free parameter index. */
  static int bindLongs(PreparedStatement ps, int first, List<Long> ids) throws SQLException {
    int i = first;
    for (Long id : ids) {
      ps.setLong(i++, id);
    }
    return i;
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String stored, String column) {
    try {
      return Enum.valueOf(type, stored);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MetadataStoreException("unknown " + type.getSimpleName() + " '" + stored + "' in column " + column);
    }
  }
}
