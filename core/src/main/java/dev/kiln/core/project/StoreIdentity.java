package dev.kiln.core.project;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.metadata.MetadataStore;
import java.util.Optional;

/**
 * Binds a metadata store to the artifact root it records: the root keeps the store's random id in
 * {@code _KILN_STORE}, written by the first command that opens the pair, and every later command
 * checks that the two still belong together.
 *
 * <p>Without this, deleting or emptying {@code .kiln/metadata.db} made the next run start a new
 * store whose execution ids restart at 1 beside the old artifacts: its runs wrote into the old
 * folders and recorded fingerprints of data that was no longer there. Now such a pair is refused
 * with one line saying what happened and what to do.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * StoreIdentity.check(metadata, artifacts, "jdbc:sqlite:.kiln/metadata.db");  // throws StoreMismatchException
 * }</pre>
 */
public final class StoreIdentity {
  private StoreIdentity() {}

  /**
   * Checks that {@code artifacts} belongs to {@code metadata}, recording the store's id at the root
   * when the root has none yet (a new root, or one made before store ids existed by a store that has
   * runs).
   *
   * @param storeName how to name the metadata store in a message (a redacted URL)
   * @throws StoreMismatchException if the root belongs to another store, or holds artifacts that an
   *     empty store cannot know
   */
  public static void check(MetadataStore metadata, ArtifactStore artifacts, String storeName) {
    String id = metadata.storeId();
    Optional<String> marker = artifacts.storeMarker();
    if (marker.isEmpty()) {
      if (!hasHistory(metadata) && artifacts.holdsFiles()) {
        throw new StoreMismatchException("the artifact root " + artifacts.root() + " holds artifacts, but the metadata store "
            + storeName + " is empty (deleted or replaced?); restore the metadata store that recorded them, or set"
            + " 'artifacts:' in .kiln/config.yaml to a new folder");
      }
      marker = Optional.of(artifacts.claim(id));
    }
    if (!marker.get().equals(id)) {
      throw new StoreMismatchException("the artifact root " + artifacts.root() + " belongs to another metadata store (id "
          + marker.get() + "), not to " + storeName + " (id " + id + "): was the metadata store deleted, emptied or"
          + " replaced? Restore it, or set 'artifacts:' in .kiln/config.yaml to a new folder");
    }
  }

  /** True when the store has recorded anything: a run or an artifact. */
  private static boolean hasHistory(MetadataStore metadata) {
    return !metadata.newestArtifacts(1).isEmpty() || !metadata.executionsInState(dev.kiln.metadata.Execution.State.RUNNING).isEmpty()
        || !metadata.contextsOfType(dev.kiln.core.plan.MetadataKeys.RUN, 1).isEmpty();
  }
}
