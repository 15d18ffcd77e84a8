package dev.kiln.metadata;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JDBC implementation of {@link MetadataStore} on SQLite or PostgreSQL. It wires the parts
 * together: {@link Transactions} for connections and atomicity, one table class per entity,
 * {@link LineageWalker} for lineage. Thread-safe.
 */
final class JdbcMetadataStore implements MetadataStore {
  /** Connections kept open for reuse; SQLite needs few, as it has one writer at a time. */
  private static final int MAX_IDLE_CONNECTIONS = 4;

  private final ConnectionPool pool;
  private final Transactions tx;
  private final ArtifactTable artifacts;
  private final ExecutionTable executions;
  private final ContextTable contexts;
  private final EventTable events = new EventTable();
  private final TypeRegistry types;
  private final LineageWalker lineage;

  private JdbcMetadataStore(ConnectionPool pool, Transactions tx) {
    this.pool = pool;
    this.tx = tx;
    this.types = new TypeRegistry(tx);
    this.artifacts = new ArtifactTable(types);
    this.executions = new ExecutionTable(types);
    this.contexts = new ContextTable(types);
    this.lineage = new LineageWalker(artifacts, executions, events);
  }

  /** Opens the store, creating and migrating its schema when needed; see {@link SchemaMigrator}. */
  static MetadataStore open(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null) {
      throw new MetadataStoreException("no metadata store URL given");
    }
    Vendor vendor = Vendor.of(jdbcUrl);
    String name = JdbcUrls.redact(jdbcUrl);
    vendor.prepareLocation(jdbcUrl);
    DbConnection first;
    try {
      first = new DbConnection(vendor.connect(jdbcUrl, user, password), vendor);
    } catch (SQLException e) {
      throw new MetadataStoreException("cannot open metadata store " + name + ": " + e.getMessage(), e);
    }
    try {
      SchemaMigrator.ensureCurrent(first, jdbcUrl, user, password);
    } catch (SQLException e) {
      first.close();
      throw new MetadataStoreException("cannot read the schema version of metadata store " + name + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      first.close();
      throw e;
    }
    ConnectionPool pool = new ConnectionPool(jdbcUrl, user, password, vendor, MAX_IDLE_CONNECTIONS);
    pool.offer(first);
    return new JdbcMetadataStore(pool, new Transactions(pool, vendor, name));
  }

  @Override
  public String storeId() {
    return tx.read("read store id", c -> {
      try (java.sql.ResultSet rs = c.prepare("SELECT id FROM StoreIdentity").executeQuery()) {
        if (!rs.next()) {
          throw new MetadataStoreException("metadata store has no identity (table StoreIdentity is empty)");
        }
        return rs.getString(1);
      }
    });
  }

  @Override
  public <T> T inTransaction(Function<MetadataStore, T> work) {
    return tx.write("transaction", c -> work.apply(this));
  }

  // ----- artifacts -----

  @Override
  public long putArtifact(Artifact artifact) {
    return tx.write("put artifact", c -> artifacts.put(c, artifact));
  }

  @Override
  public Optional<Artifact> artifact(long id) {
    return tx.read("read artifact", c -> artifacts.byId(c, id));
  }

  @Override
  public List<Artifact> artifacts(List<Long> ids) {
    return tx.read("read artifacts", c -> artifacts.byIds(c, ids));
  }

  @Override
  public List<Artifact> artifactsOfType(String typeName, int limit) {
    EntityTable.requireLimit(limit);
    return tx.read("read artifacts of type", c -> {
      Long typeId = types.find(c, TypeKind.ARTIFACT, typeName);
      return typeId == null ? List.of() : artifacts.ofType(c, typeId, limit);
    });
  }

  @Override
  public List<Artifact> newestArtifacts(int limit) {
    EntityTable.requireLimit(limit);
    return tx.read("read artifacts", c -> artifacts.newest(c, limit));
  }

  @Override
  public List<Artifact> artifactsByProperty(String name, String value) {
    return tx.read("find artifacts by property", c -> artifacts.byProperty(c, name, value));
  }

  // ----- executions -----

  @Override
  public long putExecution(Execution execution) {
    return tx.write("put execution", c -> executions.put(c, execution));
  }

  @Override
  public Optional<Execution> execution(long id) {
    return tx.read("read execution", c -> executions.byId(c, id));
  }

  @Override
  public List<Execution> executions(List<Long> ids) {
    return tx.read("read executions", c -> executions.byIds(c, ids));
  }

  @Override
  public List<Execution> executionsByProperty(String name, String value, Execution.State state) {
    return tx.read("find executions by property", c -> executions.byProperty(c, name, value, state));
  }

  @Override
  public List<Execution> executionsInState(Execution.State state) {
    return tx.read("find executions in state", c -> executions.inState(c, state));
  }

  // ----- contexts -----

  @Override
  public long putContext(Context context) {
    return tx.write("put context", c -> contexts.put(c, context));
  }

  @Override
  public Optional<Context> context(long id) {
    return tx.read("read context", c -> contexts.byId(c, id));
  }

  @Override
  public Optional<Context> contextByName(String typeName, String name) {
    return tx.read("find context by name", c -> contexts.byName(c, typeName, name));
  }

  @Override
  public List<Context> contextsOfType(String typeName, int limit) {
    EntityTable.requireLimit(limit);
    return tx.read("read contexts of type", c -> {
      Long typeId = types.find(c, TypeKind.CONTEXT, typeName);
      return typeId == null ? List.of() : contexts.ofType(c, typeId, limit);
    });
  }

  @Override
  public List<Context> childContexts(long parentContextId, int limit) {
    EntityTable.requireLimit(limit);
    return tx.read("read child contexts", c -> contexts.children(c, parentContextId, limit));
  }

  @Override
  public void putParentContext(long childContextId, long parentContextId) {
    tx.write("put parent context", c -> {
      LinkTable.PARENT_CONTEXT.put(c, childContextId, parentContextId);
      return null;
    });
  }

  // ----- events, attributions, associations -----

  @Override
  public void putEvent(Event event) {
    tx.write("put event", c -> {
      events.put(c, event);
      return null;
    });
  }

  @Override
  public List<Event> eventsByExecutions(List<Long> executionIds) {
    return tx.read("read events of executions", c -> events.byExecutions(c, executionIds, null));
  }

  @Override
  public List<Event> eventsByArtifacts(List<Long> artifactIds) {
    return tx.read("read events of artifacts", c -> events.byArtifacts(c, artifactIds, null));
  }

  @Override
  public void putAttribution(long contextId, long artifactId) {
    tx.write("put attribution", c -> {
      LinkTable.ATTRIBUTION.put(c, contextId, artifactId);
      return null;
    });
  }

  @Override
  public void putAssociation(long contextId, long executionId) {
    tx.write("put association", c -> {
      LinkTable.ASSOCIATION.put(c, contextId, executionId);
      return null;
    });
  }

  @Override
  public List<Execution> executionsOfContext(long contextId) {
    return tx.read("read executions of context", c -> executions.ofContext(c, contextId));
  }

  @Override
  public List<Artifact> artifactsOfContext(long contextId) {
    return tx.read("read artifacts of context", c -> artifacts.ofContext(c, contextId));
  }

  @Override
  public List<Context> contextsOfExecution(long executionId) {
    return tx.read("read contexts of execution", c -> contexts.ofExecution(c, executionId));
  }

  // ----- lineage -----

  @Override
  public Lineage lineage(long artifactId, Lineage.Direction direction, int maxDepth) {
    return tx.read("trace lineage", c -> lineage.walk(c, artifactId, direction, maxDepth));
  }

  @Override
  public void close() {
    pool.close();
  }
}
