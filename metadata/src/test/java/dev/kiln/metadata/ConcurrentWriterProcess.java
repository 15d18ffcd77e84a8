package dev.kiln.metadata;

import java.util.Map;

/** A separate JVM that writes to a shared store; started by the multi-process test. */
public final class ConcurrentWriterProcess {
  private ConcurrentWriterProcess() {}

  /** Arguments: JDBC URL, a name for this writer, number of writes. */
  public static void main(String[] args) {
    String url = args[0];
    String name = args[1];
    int writes = Integer.parseInt(args[2]);
    try (MetadataStore store = MetadataStore.open(url)) {
      long run = store.contextByName("run", "shared").orElseThrow().id();
      for (int i = 0; i < writes; i++) {
        String key = name + "-" + i;
        store.inTransaction(s -> {
          long ex = s.putExecution(Execution.create("step", key, Execution.State.COMPLETE, Map.of("cache_key", key)));
          s.putAssociation(run, ex);
          return null;
        });
      }
    }
  }
}
