package dev.kiln.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MetadataStore} backend must have. Subclasses supply a fresh,
 * empty database per test: a SQLite file, or a PostgreSQL schema.
 */
abstract class MetadataStoreContract {
  private final List<MetadataStore> opened = new ArrayList<>();
  protected MetadataStore store;

  /** A JDBC URL of a fresh, empty database for the current test. */
  protected abstract String freshDatabaseUrl() throws Exception;

  /** A plain JDBC connection to the database of {@link #url()} (to inspect or tamper with it). */
  protected abstract Connection rawConnection() throws SQLException;

  private String url;

  protected String url() {
    return url;
  }

  @BeforeEach
  void openFreshStore() throws Exception {
    url = freshDatabaseUrl();
    store = open();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(MetadataStore::close);
  }

  protected MetadataStore open() {
    MetadataStore s = MetadataStore.open(url);
    opened.add(s);
    return s;
  }

  @Test
  void hasARandomIdentityThatStaysAcrossOpens() {
    String id = store.storeId();
    assertTrue(id.matches("[0-9a-f]{32}"), id);
    assertEquals(id, open().storeId(), "the same database keeps its id");
  }

  // ----- round trips -----

  @Test
  void artifactRoundTripKeepsEveryFieldAndPropertyType() {
    Map<String, Object> props = Map.of("rows", 1234L, "ratio", 0.25, "format", "avro", "empty", "");
    long id = store.putArtifact(Artifact.create("Dataset", "/tmp/a/1", "data.examples", props));

    Artifact read = store.artifact(id).orElseThrow();
    assertEquals(id, read.id());
    assertEquals("Dataset", read.type());
    assertEquals("/tmp/a/1", read.uri());
    assertEquals("data.examples", read.name());
    assertEquals(Artifact.State.LIVE, read.state());
    assertEquals(props, read.properties());
    assertEquals(Long.class, read.properties().get("rows").getClass());
    assertEquals(Double.class, read.properties().get("ratio").getClass());
    assertTrue(read.createTimeMillis() > 0);
  }

  @Test
  void artifactUpdateReplacesStateAndProperties() {
    long id = store.putArtifact(Artifact.create("Model", "/m/1", null, Map.of("a", 1L, "b", "x")));
    Artifact a = store.artifact(id).orElseThrow();

    store.putArtifact(new Artifact(id, "Model", "/m/1", "model", Artifact.State.DELETED, Map.of("b", "y"), 0));

    Artifact read = store.artifact(id).orElseThrow();
    assertEquals(Artifact.State.DELETED, read.state());
    assertEquals("model", read.name());
    assertEquals(Map.of("b", "y"), read.properties());
    assertEquals(a.createTimeMillis(), read.createTimeMillis());
  }

  @Test
  void executionRoundTripKeepsEveryFieldAndPropertyType() {
    Map<String, Object> props = Map.of("cache_key", "abc", "attempt", 2L, "seconds", 1.5);
    long id = store.putExecution(Execution.create("csv", "data", Execution.State.RUNNING, props));

    Execution read = store.execution(id).orElseThrow();
    assertEquals(new Execution(id, "csv", "data", Execution.State.RUNNING, props, read.createTimeMillis(),
        read.updateTimeMillis()), read);
    assertTrue(read.createTimeMillis() > 0);
    assertEquals(read.createTimeMillis(), read.updateTimeMillis());
  }

  @Test
  void contextRoundTripKeepsEveryFieldAndPropertyType() {
    Map<String, Object> props = Map.of("spec_hash", "h1", "steps", 3L, "score", 0.9);
    long id = store.putContext(Context.create("run", "taxi-1", props));

    Context read = store.context(id).orElseThrow();
    assertEquals("run", read.type());
    assertEquals("taxi-1", read.name());
    assertEquals(props, read.properties());
    assertEquals(read, store.contextByName("run", "taxi-1").orElseThrow());
    assertTrue(store.contextByName("pipeline", "taxi-1").isEmpty());
  }

  @Test
  void unknownIdsReadAsEmpty() {
    assertTrue(store.artifact(42).isEmpty());
    assertTrue(store.execution(42).isEmpty());
    assertTrue(store.context(42).isEmpty());
    assertEquals(List.of(), store.artifacts(List.of(42L, 43L)));
    assertEquals(List.of(), store.artifactsOfType("NoSuchType", 10));
  }

  @Test
  void batchReadsReturnEntitiesInTheOrderAsked() {
    long a = store.putArtifact(Artifact.create("Dataset", "/a", null, Map.of()));
    long b = store.putArtifact(Artifact.create("Schema", "/b", null, Map.of("k", 1L)));
    long c = store.putArtifact(Artifact.create("Dataset", "/c", null, Map.of()));

    assertEquals(List.of(c, a, b), store.artifacts(List.of(c, 999L, a, b)).stream().map(Artifact::id).toList());
    assertEquals(List.of(c, a), store.artifactsOfType("Dataset", 10).stream().map(Artifact::id).toList());
    assertEquals(List.of(c), store.artifactsOfType("Dataset", 1).stream().map(Artifact::id).toList());
  }

  @Test
  void newestArtifactsSpanEveryTypeNewestFirst() {
    long a = store.putArtifact(Artifact.create("Dataset", "/a", null, Map.of()));
    long b = store.putArtifact(Artifact.create("Model", "/b", null, Map.of()));
    long c = store.putArtifact(Artifact.create("Statistics", "/c", null, Map.of()));

    assertEquals(List.of(c, b, a), store.newestArtifacts(10).stream().map(Artifact::id).toList());
    assertEquals(List.of(c, b), store.newestArtifacts(2).stream().map(Artifact::id).toList());
  }

  @Test
  void updatingAnUnknownIdFailsWithAClearMessage() {
    var e = assertThrows(MetadataStoreException.class, () ->
        store.putExecution(new Execution(77, "csv", "x", Execution.State.NEW, Map.of(), 0, 0)));
    assertTrue(e.getMessage().contains("no execution with that id"), e.getMessage());
  }

  @Test
  void changingTheTypeOfAnEntityIsRefused() {
    long id = store.putExecution(Execution.create("csv", "x", Execution.State.NEW, Map.of()));
    var e = assertThrows(MetadataStoreException.class, () ->
        store.putExecution(new Execution(id, "split", "x", Execution.State.NEW, Map.of(), 0, 0)));
    assertTrue(e.getMessage().contains("type 'csv'"), e.getMessage());
  }

  // ----- executions -----

  @Test
  void executionStateUpdateIsReadBackAndFindable() throws InterruptedException {
    long id = store.putExecution(Execution.create("trainer", "train", Execution.State.RUNNING,
        Map.of("cache_key", "k1")));
    Execution running = store.execution(id).orElseThrow();
    Thread.sleep(5);

    store.putExecution(running.withState(Execution.State.COMPLETE));

    Execution done = store.execution(id).orElseThrow();
    assertEquals(Execution.State.COMPLETE, done.state());
    assertEquals(Map.of("cache_key", "k1"), done.properties());
    assertEquals(running.createTimeMillis(), done.createTimeMillis());
    assertTrue(done.updateTimeMillis() > running.updateTimeMillis());
    assertEquals(List.of(), store.executionsInState(Execution.State.RUNNING));
    assertEquals(List.of(done), store.executionsInState(Execution.State.COMPLETE));
    assertEquals(List.of(done), store.executionsByProperty("cache_key", "k1", Execution.State.COMPLETE));
    assertEquals(List.of(), store.executionsByProperty("cache_key", "k1", Execution.State.RUNNING));
  }

  @Test
  void executionsByPropertyMatchesNameValueAndStateNewestFirst() {
    long old = store.putExecution(Execution.create("t", "a", Execution.State.COMPLETE, Map.of("cache_key", "k")));
    store.putExecution(Execution.create("t", "b", Execution.State.FAILED, Map.of("cache_key", "k")));
    store.putExecution(Execution.create("t", "c", Execution.State.COMPLETE, Map.of("cache_key", "other")));
    store.putExecution(Execution.create("t", "d", Execution.State.COMPLETE, Map.of("other_key", "k")));
    long newer = store.putExecution(Execution.create("t", "e", Execution.State.COMPLETE, Map.of("cache_key", "k")));

    assertEquals(List.of(newer, old), store.executionsByProperty("cache_key", "k", Execution.State.COMPLETE)
        .stream().map(Execution::id).toList());
  }

  // ----- contexts -----

  @Test
  void contextNamesAreUniquePerType() {
    long first = store.putContext(Context.create("run", "taxi-7", Map.of()));

    var e = assertThrows(AlreadyExistsException.class, () -> store.putContext(Context.create("run", "taxi-7", Map.of())));
    assertTrue(e.getMessage().contains("'taxi-7'") && e.getMessage().contains("'run'"), e.getMessage());
    assertTrue(e.getMessage().contains("id " + first), e.getMessage());

    long other = store.putContext(Context.create("pipeline", "taxi-7", Map.of()));
    assertTrue(other != first);
    long renamed = store.putContext(Context.create("run", "taxi-8", Map.of()));
    // renaming onto a taken name is refused as well
    assertThrows(AlreadyExistsException.class,
        () -> store.putContext(new Context(renamed, "run", "taxi-7", Map.of(), 0, 0)));
    assertEquals("taxi-8", store.context(renamed).orElseThrow().name());
  }

  @Test
  void contextUpdateKeepsItsNameAvailableToItself() {
    long id = store.putContext(Context.create("run", "r1", Map.of("status", "RUNNING")));
    store.putContext(store.context(id).orElseThrow().withProperties(Map.of("status", "COMPLETE")));
    assertEquals("COMPLETE", store.context(id).orElseThrow().stringProperty("status"));
  }

  @Test
  void linksConnectContextsExecutionsAndArtifacts() {
    long pipeline = store.putContext(Context.create("pipeline", "taxi", Map.of()));
    long run1 = store.putContext(Context.create("run", "taxi-1", Map.of()));
    long run2 = store.putContext(Context.create("run", "taxi-2", Map.of()));
    long run3 = store.putContext(Context.create("run", "taxi-3", Map.of()));
    for (long run : List.of(run1, run2, run3)) {
      store.putParentContext(run, pipeline);
    }
    store.putParentContext(run1, pipeline); // again: a no-op
    long e1 = store.putExecution(Execution.create("csv", "data", Execution.State.COMPLETE, Map.of()));
    long e2 = store.putExecution(Execution.create("split", "split", Execution.State.COMPLETE, Map.of()));
    long a1 = store.putArtifact(Artifact.create("Dataset", "/a1", null, Map.of()));
    long a2 = store.putArtifact(Artifact.create("Dataset", "/a2", null, Map.of()));
    store.putAssociation(run1, e2);
    store.putAssociation(run1, e1);
    store.putAssociation(run1, e1);
    store.putAssociation(pipeline, e1);
    store.putAttribution(run1, a2);
    store.putAttribution(run1, a1);
    store.putAttribution(run1, a1);

    assertEquals(List.of(run3, run2), ids(store.childContexts(pipeline, 2)));
    assertEquals(List.of(run3, run2, run1), ids(store.childContexts(pipeline, 10)));
    assertEquals(List.of(), store.childContexts(run1, 10));
    assertEquals(List.of(e1, e2), store.executionsOfContext(run1).stream().map(Execution::id).toList());
    assertEquals(List.of(a1, a2), store.artifactsOfContext(run1).stream().map(Artifact::id).toList());
    assertEquals(List.of(pipeline, run1), ids(store.contextsOfExecution(e1)));
    assertEquals(List.of(run3, run2, run1), ids(store.contextsOfType("run", 5)));
  }

  @Test
  void aContextCannotBeItsOwnParent() {
    long c = store.putContext(Context.create("run", "r", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> store.putParentContext(c, c));
  }

  @Test
  void linksToMissingRowsAreRefusedWithTheirIds() {
    long ctx = store.putContext(Context.create("run", "r", Map.of()));
    var e = assertThrows(MetadataStoreException.class, () -> store.putAttribution(ctx, 4242));
    assertTrue(e.getMessage().contains("4242"), e.getMessage());
    var ev = assertThrows(MetadataStoreException.class, () -> store.putEvent(Event.input(4343, 1, "x")));
    assertTrue(ev.getMessage().contains("4343"), ev.getMessage());
  }

  // ----- events -----

  @Test
  void eventsRoundTripWithTheirPaths() {
    long a = store.putArtifact(Artifact.create("Dataset", "/a", null, Map.of()));
    long b = store.putArtifact(Artifact.create("Dataset", "/b", null, Map.of()));
    long e = store.putExecution(Execution.create("split", "split", Execution.State.COMPLETE, Map.of()));
    Event in = Event.input(a, e, "examples");
    Event out = Event.output(b, e, "examples:train");
    Event noPath = new Event(b, e, Event.Type.OUTPUT, null, 1234L);
    Event emptyPath = new Event(a, e, Event.Type.INPUT, "", 1235L);
    for (Event ev : List.of(in, out, noPath, emptyPath)) {
      store.putEvent(ev);
    }

    assertEquals(List.of(in, out, noPath, emptyPath), store.eventsByExecutions(List.of(e)));
    assertEquals(List.of(in, emptyPath), store.eventsByArtifacts(List.of(a)));
    assertEquals(List.of(out, noPath), store.eventsByArtifacts(List.of(b)));
  }

  // ----- transactions -----

  @Test
  void transactionCommitsAllWritesTogether() {
    long[] ids = store.inTransaction(s -> {
      long ctx = s.putContext(Context.create("run", "r", Map.of()));
      long ex = s.putExecution(Execution.create("csv", "data", Execution.State.RUNNING, Map.of()));
      s.putAssociation(ctx, ex);
      // reads inside the transaction see its own writes
      assertEquals(1, s.executionsOfContext(ctx).size());
      return new long[] {ctx, ex};
    });
    assertEquals(List.of(ids[1]), store.executionsOfContext(ids[0]).stream().map(Execution::id).toList());
  }

  @Test
  void transactionRollsBackEverythingWhenWorkThrows() {
    long before = store.putContext(Context.create("run", "before", Map.of()));
    var boom = new IllegalStateException("boom");

    var thrown = assertThrows(IllegalStateException.class, () -> store.inTransaction(s -> {
      long ctx = s.putContext(Context.create("brand-new-type", "r", Map.of()));
      long ex = s.putExecution(Execution.create("never-seen", "x", Execution.State.RUNNING, Map.of("k", "v")));
      s.putAssociation(ctx, ex);
      s.putContext(store.context(before).orElseThrow().withProperties(Map.of("touched", 1L)));
      throw boom;
    }));

    assertEquals(boom, thrown);
    assertTrue(store.contextByName("brand-new-type", "r").isEmpty());
    assertEquals(List.of(), store.executionsByProperty("k", "v", Execution.State.RUNNING));
    assertEquals(Map.of(), store.context(before).orElseThrow().properties());
    // the types created inside the rolled-back transaction must be created again, not remembered
    long ex = store.putExecution(Execution.create("never-seen", "x", Execution.State.RUNNING, Map.of()));
    assertEquals("never-seen", store.execution(ex).orElseThrow().type());
    assertTrue(store.putContext(Context.create("brand-new-type", "r", Map.of())) > 0);
  }

  @Test
  void aFailedWriteInsideATransactionRollsBackTheEarlierOnes() {
    store.putContext(Context.create("run", "taken", Map.of()));
    assertThrows(AlreadyExistsException.class, () -> store.inTransaction(s -> {
      s.putExecution(Execution.create("csv", "x", Execution.State.RUNNING, Map.of()));
      return s.putContext(Context.create("run", "taken", Map.of()));
    }));
    assertEquals(List.of(), store.executionsInState(Execution.State.RUNNING));
  }

  // ----- lineage -----

  /**
   * raw → split → train, eval; train → prepA → featA; eval → prepB → featB; featA + featB → join → joined.
   */
  private record Diamond(long raw, long train, long eval, long featA, long featB, long joined,
      long split, long prepA, long prepB, long join) {}

  private Diamond diamond() {
    long raw = artifact("/raw");
    long train = artifact("/train");
    long eval = artifact("/eval");
    long featA = artifact("/featA");
    long featB = artifact("/featB");
    long joined = artifact("/joined");
    long split = execution("split", List.of(raw), List.of(train, eval));
    long prepA = execution("prepA", List.of(train), List.of(featA));
    long prepB = execution("prepB", List.of(eval), List.of(featB));
    long join = execution("join", List.of(featA, featB), List.of(joined));
    return new Diamond(raw, train, eval, featA, featB, joined, split, prepA, prepB, join);
  }

  @Test
  void upstreamLineageAtDepthOneIsTheProducerAndItsInputs() {
    Diamond d = diamond();
    Lineage l = store.lineage(d.joined, Lineage.Direction.UPSTREAM, 1);
    assertEquals(d.joined, l.root());
    assertEquals(Set.of(d.joined, d.featA, d.featB), artifactIds(l));
    assertEquals(Set.of(d.join), executionIds(l));
    assertEquals(3, l.events().size());
  }

  @Test
  void upstreamLineageAtAnyDepthReachesTheSourceOnce() {
    Diamond d = diamond();
    Lineage l = store.lineage(d.joined, Lineage.Direction.UPSTREAM, Integer.MAX_VALUE);
    assertEquals(Set.of(d.joined, d.featA, d.featB, d.train, d.eval, d.raw), artifactIds(l));
    assertEquals(6, l.artifacts().size());
    assertEquals(Set.of(d.join, d.prepA, d.prepB, d.split), executionIds(l));
    assertEquals(4, l.executions().size());
    assertEquals(10, l.events().size()); // every event of the graph, once
    assertEquals(10, Set.copyOf(l.events()).size());
    assertEquals(Set.of(d.joined, d.featA, d.featB, d.train, d.eval),
        artifactIds(store.lineage(d.joined, Lineage.Direction.UPSTREAM, 2)));
  }

  @Test
  void downstreamLineageAtDepthOneIsTheConsumersAndTheirOutputs() {
    Diamond d = diamond();
    Lineage l = store.lineage(d.raw, Lineage.Direction.DOWNSTREAM, 1);
    assertEquals(Set.of(d.raw, d.train, d.eval), artifactIds(l));
    assertEquals(Set.of(d.split), executionIds(l));
    Lineage fromTrain = store.lineage(d.train, Lineage.Direction.DOWNSTREAM, 1);
    assertEquals(Set.of(d.train, d.featA), artifactIds(fromTrain));
  }

  @Test
  void downstreamLineageAtAnyDepthReachesTheJoinOnce() {
    Diamond d = diamond();
    Lineage l = store.lineage(d.raw, Lineage.Direction.DOWNSTREAM, Integer.MAX_VALUE);
    assertEquals(Set.of(d.raw, d.train, d.eval, d.featA, d.featB, d.joined), artifactIds(l));
    assertEquals(6, l.artifacts().size());
    assertEquals(List.of(d.split, d.prepA, d.prepB, d.join), l.executions().stream().map(Execution::id).toList());
    assertEquals(10, l.events().size());
    assertEquals(10, Set.copyOf(l.events()).size());
  }

  @Test
  void lineageOfASourceArtifactIsJustItself() {
    Diamond d = diamond();
    Lineage l = store.lineage(d.raw, Lineage.Direction.UPSTREAM, Integer.MAX_VALUE);
    assertEquals(Set.of(d.raw), artifactIds(l));
    assertEquals(List.of(), l.executions());
    assertEquals(Set.of(d.joined), artifactIds(store.lineage(d.joined, Lineage.Direction.DOWNSTREAM, 5)));
    assertEquals(Set.of(d.joined), artifactIds(store.lineage(d.joined, Lineage.Direction.UPSTREAM, 0)));
    assertThrows(MetadataStoreException.class, () -> store.lineage(9999, Lineage.Direction.UPSTREAM, 1));
  }

  private long artifact(String uri) {
    return store.putArtifact(Artifact.create("Dataset", uri, null, Map.of()));
  }

  private long execution(String name, List<Long> inputs, List<Long> outputs) {
    long e = store.putExecution(Execution.create("step", name, Execution.State.COMPLETE, Map.of()));
    inputs.forEach(a -> store.putEvent(Event.input(a, e, "in")));
    outputs.forEach(a -> store.putEvent(Event.output(a, e, "out")));
    return e;
  }

  private static Set<Long> artifactIds(Lineage l) {
    return l.artifacts().stream().map(Artifact::id).collect(Collectors.toSet());
  }

  private static Set<Long> executionIds(Lineage l) {
    return l.executions().stream().map(Execution::id).collect(Collectors.toSet());
  }

  private static List<Long> ids(List<Context> contexts) {
    return contexts.stream().map(Context::id).toList();
  }

  // ----- schema -----

  @Test
  void migrationIsAppliedOnceAndReopeningIsIdempotent() throws SQLException {
    long id = store.putContext(Context.create("run", "kept", Map.of()));
    store.close();

    MetadataStore again = open();
    MetadataStore third = open();

    assertEquals(id, again.contextByName("run", "kept").orElseThrow().id());
    assertEquals(id, third.contextByName("run", "kept").orElseThrow().id());
    assertEquals(1, scalar("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success = true"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '2' AND success = true"));
    assertEquals(SchemaMigrator.LATEST_VERSION, scalar("SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM StoreIdentity"), "one identity, made once");
  }

  @Test
  void aDatabaseWithANewerSchemaIsRefusedAndLeftAlone() throws SQLException {
    store.putContext(Context.create("run", "r", Map.of()));
    store.close();
    execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
        + " installed_by, execution_time, success) VALUES (99, '999', 'from the future', 'SQL',"
        + " 'V999__from_the_future.sql', 0, 'test', 0, true)");
    long rows = scalar("SELECT COUNT(*) FROM flyway_schema_history");

    var e = assertThrows(MetadataStoreException.class, this::open);

    assertTrue(e.getMessage().contains("schema version 999"), e.getMessage());
    assertTrue(e.getMessage().contains("Upgrade Kiln"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertEquals(rows, scalar("SELECT COUNT(*) FROM flyway_schema_history"));
    assertEquals(1, scalar("SELECT COUNT(*) FROM Context"));
  }

  // ----- concurrency -----

  @Test
  void concurrentWritersFromFourThreadsLoseNothing() throws Exception {
    long run = store.putContext(Context.create("run", "shared", Map.of()));
    MetadataStore second = open(); // two threads on each of two store instances
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        MetadataStore s = t % 2 == 0 ? store : second;
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String key = thread + "-" + i;
            s.inTransaction(tx -> {
              long ex = tx.putExecution(Execution.create("step", key, Execution.State.COMPLETE,
                  Map.of("cache_key", key)));
              long a = tx.putArtifact(Artifact.create("Dataset", "/" + key, null, Map.of()));
              tx.putEvent(Event.output(a, ex, "out"));
              tx.putAssociation(run, ex);
              tx.putAttribution(run, a);
              return null;
            });
            // and single writes outside a transaction
            s.putContext(Context.create("thread-run", key, Map.of()));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(4 * perThread, store.executionsOfContext(run).size());
    assertEquals(4 * perThread, store.artifactsOfContext(run).size());
    assertEquals(4 * perThread, store.contextsOfType("thread-run", 1000).size());
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < perThread; i += 7) {
        assertEquals(1, store.executionsByProperty("cache_key", t + "-" + i, Execution.State.COMPLETE).size());
      }
    }
  }

  protected long scalar(String sql) throws SQLException {
    try (Connection c = rawConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  protected void execute(String sql) throws SQLException {
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
