package dev.kiln.metadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Prints timings of the metadata store on a SQLite file with many runs. Not a test: run it by hand.
 *
 * <pre>
 *   java -cp ... dev.kiln.metadata.MetadataStoreBenchmark build /tmp/bench.db 10000   # fill a store, time the queries
 *   java -cp ... dev.kiln.metadata.MetadataStoreBenchmark open  /tmp/bench.db         # cold-JVM open of an existing store
 * </pre>
 */
public final class MetadataStoreBenchmark {
  private MetadataStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "build";
    Path file = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("kiln-bench").resolve("metadata.db");
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : LargeStoreTest.RUNS;
    String url = "jdbc:sqlite:" + file;
    if (mode.equals("open")) {
      coldOpen(url);
    } else {
      build(url, file, runs);
    }
  }

  /** What a fully cached `kiln run` pays: open an existing store, one cache lookup, close. */
  private static void coldOpen(String url) {
    long t0 = System.nanoTime();
    MetadataStore store = MetadataStore.open(url);
    long t1 = System.nanoTime();
    int found = store.executionsByProperty("cache_key", RunHistory.cacheKey("train", 1), Execution.State.COMPLETE).size();
    long t2 = System.nanoTime();
    store.close();
    long t3 = System.nanoTime();
    System.out.printf(Locale.ROOT, "cold open %.1f ms, first executionsByProperty %.1f ms (%d rows), close %.1f ms%n",
        ms(t1 - t0), ms(t2 - t1), found, ms(t3 - t2));
  }

  private static void build(String url, Path file, int runs) {
    long t0 = System.nanoTime();
    long pipeline;
    try (MetadataStore store = MetadataStore.open(url)) {
      long t1 = System.nanoTime();
      pipeline = RunHistory.write(store, runs);
      long t2 = System.nanoTime();
      System.out.printf(Locale.ROOT, "create+migrate %.0f ms; %d runs written in one transaction in %.0f ms%n",
          ms(t1 - t0), runs, ms(t2 - t1));
    }
    try (MetadataStore store = MetadataStore.open(url)) {
      int last = runs - 1;
      time("executionsByProperty(cache_key, k, COMPLETE)", 2000,
          () -> store.executionsByProperty("cache_key", RunHistory.cacheKey("train", last), Execution.State.COMPLETE));
      time("childContexts(pipeline, 20)", 2000, () -> store.childContexts(pipeline, 20));
      time("contextByName(run, name)", 2000, () -> store.contextByName("run", RunHistory.runName(last / 2)));
      long modelId = store.artifactsOfContext(store.contextByName("run", RunHistory.runName(last)).orElseThrow().id())
          .get(2).id();
      time("lineage(model, UPSTREAM, any depth)", 500,
          () -> store.lineage(modelId, Lineage.Direction.UPSTREAM, Integer.MAX_VALUE));
      time("putExecution (own transaction, fsync)", 200,
          () -> store.putExecution(Execution.create("bench", "b", Execution.State.RUNNING, java.util.Map.of("k", "v"))));
    }
    System.out.printf(Locale.ROOT, "file %s: %.1f MB%n", file, file.toFile().length() / 1e6);
  }

  private static void time(String what, int repeats, Supplier<?> query) {
    long c0 = System.nanoTime();
    query.get();
    long c1 = System.nanoTime();
    for (int i = 0; i < repeats; i++) {
      query.get();
    }
    long c2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "%-45s first %7.3f ms, then %7.3f ms each (%d runs)%n",
        what, ms(c1 - c0), ms(c2 - c1) / repeats, repeats);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
