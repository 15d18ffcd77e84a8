package dev.kiln.serving.deploy;

import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import dev.kiln.serving.ServingFolder;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records in the metadata store a live version switched outside a run: a rollback. A {@code deploy}
 * step's switch is recorded by its run (the {@link Deployment} document); a rollback is an execution
 * of type {@value #ROLLBACK} whose properties say which version of which serving folder is live and
 * since when, so the store's newest word on a folder is the live version also after a rollback.
 *
 * <p>Example of use:
 * <pre>{@code
 * PushedModel now = folder.rollback();
 * LiveVersionLog.in(store).recordRollback(folder, "000003", now.version(), Instant.now());
 * }</pre>
 */
public final class LiveVersionLog {
  /** The execution type of a rollback. */
  public static final String ROLLBACK = "rollback";
  /** The serving folder, absolute (what a later rollback of the same folder is found by). */
  public static final String TARGET = "target";
  public static final String BACKEND = "backend";
  /** The version live after the switch. */
  public static final String VERSION = "version";
  /** The version live before it. */
  public static final String PREVIOUS = "previous";
  /** ISO-8601 instant the version went live. */
  public static final String LIVE_SINCE = "liveSince";

  private final MetadataStore store;

  private LiveVersionLog(MetadataStore store) {
    this.store = store;
  }

  public static LiveVersionLog in(MetadataStore store) {
    return new LiveVersionLog(store);
  }

  /**
   * Records that {@code folder} was rolled back from {@code previous} to {@code version} at {@code since}.
   *
   * @return the id of the rollback execution
   */
  public long recordRollback(ServingFolder folder, String previous, String version, Instant since) {
    Map<String, Object> props = new HashMap<>(Map.of(
        TARGET, folder.root().toString(), BACKEND, LocalServingBackend.NAME, VERSION, version, LIVE_SINCE, since.toString()));
    if (previous != null) {
      props.put(PREVIOUS, previous);
    }
    return store.putExecution(Execution.create(ROLLBACK, folder.root().getFileName().toString(), Execution.State.COMPLETE, props));
  }

  /** The newest rollback of {@code folder}, if there is one. */
  public Optional<Execution> latestRollback(ServingFolder folder) {
    return store.executionsByProperty(TARGET, folder.root().toString(), Execution.State.COMPLETE).stream()
        .filter(e -> ROLLBACK.equals(e.type()))
        .max(Comparator.comparingLong(Execution::id));
  }
}
