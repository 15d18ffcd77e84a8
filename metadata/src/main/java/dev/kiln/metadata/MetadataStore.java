package dev.kiln.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lineage in the ML Metadata model: types, artifacts, executions, contexts, events,
 * attributions and associations, with typed properties. Knows nothing of Beam.
 *
 * <p>Implementations are thread-safe. Every write method is atomic on its own; use
 * {@link #inTransaction} to group several writes into one atomic unit.
 */
public interface MetadataStore extends AutoCloseable {

  /**
   * Opens (and migrates, if needed) the store at a JDBC URL: {@code jdbc:sqlite:/path/metadata.db}
   * or {@code jdbc:postgresql://host:port/db}.
   *
   * <p>A SQLite file and its parent folders are created when missing. A database whose schema
   * is newer than this code knows is refused, unmodified.
   *
   * @throws MetadataStoreException when the store cannot be opened or brought to the current schema
   */
  static MetadataStore open(String jdbcUrl) {
    return JdbcMetadataStore.open(jdbcUrl, null, null);
  }

  static MetadataStore open(String jdbcUrl, String user, String password) {
    return JdbcMetadataStore.open(jdbcUrl, user, password);
  }

  /**
   * This store's identity: a random id made once, when the store was created (schema version 2). An
   * artifact root records the id of the store it belongs to, so that a replaced or emptied store is
   * never paired with artifacts it does not know.
   */
  String storeId();

  /** Runs {@code work} in one transaction; it commits when work returns, rolls back when it throws. */
  <T> T inTransaction(Function<MetadataStore, T> work);

  // ----- artifacts -----

  /** Inserts an artifact (id == 0) or updates it (id != 0); its type is created on first use. Returns the id. */
  long putArtifact(Artifact artifact);

  Optional<Artifact> artifact(long id);

  List<Artifact> artifacts(List<Long> ids);

  /** Artifacts of a type, newest first, at most {@code limit}. */
  List<Artifact> artifactsOfType(String typeName, int limit);

  /** The newest artifacts of every type, newest first, at most {@code limit}. */
  List<Artifact> newestArtifacts(int limit);

  /** Artifacts whose string property {@code name} equals {@code value}. */
  List<Artifact> artifactsByProperty(String name, String value);

  // ----- executions -----

  long putExecution(Execution execution);

  Optional<Execution> execution(long id);

  List<Execution> executions(List<Long> ids);

  /** Executions in {@code state} whose string property {@code name} equals {@code value}, newest first. */
  List<Execution> executionsByProperty(String name, String value, Execution.State state);

  /** Executions in a state, any type (used to find RUNNING executions of dead processes). */
  List<Execution> executionsInState(Execution.State state);

  // ----- contexts -----

  long putContext(Context context);

  Optional<Context> context(long id);

  Optional<Context> contextByName(String typeName, String name);

  /** Contexts of a type, newest first, at most {@code limit}. */
  List<Context> contextsOfType(String typeName, int limit);

  /** Child contexts (e.g. the runs of a pipeline), newest first, at most {@code limit}. */
  List<Context> childContexts(long parentContextId, int limit);

  void putParentContext(long childContextId, long parentContextId);

  // ----- events, attributions, associations -----

  void putEvent(Event event);

  List<Event> eventsByExecutions(List<Long> executionIds);

  List<Event> eventsByArtifacts(List<Long> artifactIds);

  void putAttribution(long contextId, long artifactId);

  void putAssociation(long contextId, long executionId);

  /** Executions associated with a context (the executions of a run), oldest first. */
  List<Execution> executionsOfContext(long contextId);

  /** Artifacts attributed to a context, oldest first. */
  List<Artifact> artifactsOfContext(long contextId);

  /** Contexts an execution is associated with. */
  List<Context> contextsOfExecution(long executionId);

  // ----- lineage -----

  /**
   * The lineage graph around an artifact: everything it was made from ({@link Lineage.Direction#UPSTREAM})
   * or everything made from it ({@link Lineage.Direction#DOWNSTREAM}), up to {@code maxDepth} hops
   * (an execution is one hop; use {@link Integer#MAX_VALUE} for any depth).
   */
  Lineage lineage(long artifactId, Lineage.Direction direction, int maxDepth);

  @Override
  void close();

  /** Property values are Long, Double or String; anything else is rejected. */
  static Map<String, Object> checkProperties(Map<String, Object> properties) {
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof Long || v instanceof Double || v instanceof String)) {
        throw new IllegalArgumentException(
            "property '" + e.getKey() + "' must be Long, Double or String, not "
                + (v == null ? "null" : v.getClass().getSimpleName()));
      }
    }
    return properties;
  }
}
