package dev.kiln.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner's and the CLI's hot queries on a SQLite store with 10,000 runs return the right rows.
 * Their timing is printed by {@link MetadataStoreBenchmark}, not asserted here.
 */
class LargeStoreTest {
  static final int RUNS = 10_000;

  @TempDir static Path dir;
  static MetadataStore store;
  static long pipeline;

  @BeforeAll
  static void build() {
    store = MetadataStore.open("jdbc:sqlite:" + dir.resolve("metadata.db"));
    pipeline = RunHistory.write(store, RUNS);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void executionsByCacheKeyFindTheOneCompleteExecution() {
    List<Execution> found = store.executionsByProperty("cache_key", RunHistory.cacheKey("train", 4321), Execution.State.COMPLETE);
    assertEquals(1, found.size());
    Execution e = found.get(0);
    assertEquals("train", e.name());
    assertEquals(RunHistory.cacheKey("train", 4321), e.stringProperty("cache_key"));
    assertEquals(RunHistory.runName(4321), store.contextsOfExecution(e.id()).get(0).name());
  }

  @Test
  void executionsByCacheKeyRespectTheState() {
    String key = RunHistory.cacheKey("train", 4320); // every tenth run's training failed
    assertEquals(List.of(), store.executionsByProperty("cache_key", key, Execution.State.COMPLETE));
    assertEquals(1, store.executionsByProperty("cache_key", key, Execution.State.FAILED).size());
    assertEquals(List.of(), store.executionsByProperty("cache_key", "no-such-key", Execution.State.COMPLETE));
  }

  @Test
  void childContextsAreTheLatestTwentyRunsNewestFirst() {
    List<String> names = store.childContexts(pipeline, 20).stream().map(Context::name).toList();
    assertEquals(IntStream.range(0, 20).mapToObj(i -> RunHistory.runName(RUNS - 1 - i)).toList(), names);
  }

  @Test
  void aRunHasItsThreeExecutionsAndArtifacts() {
    long run = store.contextByName("run", RunHistory.runName(777)).orElseThrow().id();
    assertEquals(List.of("data", "split", "train"), store.executionsOfContext(run).stream().map(Execution::name).toList());
    assertEquals(3, store.artifactsOfContext(run).size());
  }

  @Test
  void upstreamLineageOfAModelReachesItsData() {
    long run = store.contextByName("run", RunHistory.runName(9999)).orElseThrow().id();
    List<Artifact> outputs = store.artifactsOfContext(run);
    Lineage l = store.lineage(outputs.get(2).id(), Lineage.Direction.UPSTREAM, Integer.MAX_VALUE);
    assertEquals(3, l.executions().size());
    assertEquals(outputs.stream().map(Artifact::id).sorted().toList(),
        l.artifacts().stream().map(Artifact::id).sorted().toList());
  }
}
