package dev.kiln.core.plan;

import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.artifact.Integrity;
import dev.kiln.core.artifact.Manifest;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.MetadataStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a registered artifact against what the metadata store recorded when it was committed, so
 * that nothing damaged or edited is used as if it were intact:
 *
 * <ul>
 *   <li>a mark left by {@code kiln verify} or by a read that failed on the artifact's files;
 *   <li>the manifest: present, valid and consistent with itself (see {@link Manifest#inconsistency}),
 *       with the sha256 recorded at commit, and with the record count and fingerprint the store holds;
 *   <li>the files: {@link ArtifactStore#checkIntact} (size and modification time, cheap), or with
 *       {@link #verify} every file's sha256 (reads all data).
 * </ul>
 *
 * A problem makes the planner recompute the step instead of reusing its output.
 */
public final class IntegrityCheck {
  private IntegrityCheck() {}

  /** The outcome for one artifact: {@code manifest} is null when it cannot be read. */
  public record Finding(Integrity.Status status, String reason, Manifest manifest) {
    public boolean isIntact() {
      return status == Integrity.Status.INTACT;
    }
  }

  /** The cheap check the planner runs before reusing {@code a}: no data file is read. */
  public static Finding quick(Artifact a, ArtifactStore artifacts) {
    String damaged = a.stringProperty(MetadataKeys.DAMAGED);
    if (damaged != null) {
      return new Finding(Integrity.Status.DAMAGED, a.uri() + " was marked damaged by kiln verify or a failed read: " + damaged, null);
    }
    return check(a, artifacts, false);
  }

  /**
   * The full check: the manifest as in {@link #quick} and every file's sha256; a mark left earlier is
   * not taken on trust (a restored file is found intact again).
   */
  public static Finding verify(Artifact a, ArtifactStore artifacts) {
    return check(a, artifacts, true);
  }

  private static Finding check(Artifact a, ArtifactStore artifacts, boolean content) {
    Manifest m;
    try {
      Optional<Manifest> read = artifacts.readManifest(a.uri());
      if (read.isEmpty()) {
        return new Finding(Integrity.Status.MISSING, a.uri() + " has no manifest (deleted?)", null);
      }
      m = read.get();
    } catch (IllegalArgumentException invalid) { // truncated or edited into invalid JSON
      return new Finding(Integrity.Status.DAMAGED, invalid.getMessage(), null);
    }
    String file = m.location() + ArtifactStore.MANIFEST;
    String recorded = a.stringProperty(MetadataKeys.MANIFEST_SHA256);
    if (recorded != null && !recorded.equals(m.contentSha256())) {
      return new Finding(Integrity.Status.DAMAGED, file + " was changed after its commit (its sha256 is not the one recorded)", m);
    }
    Long records = a.longProperty(MetadataKeys.RECORDS);
    if (records != null && records != m.records()) {
      return new Finding(Integrity.Status.DAMAGED, file + " was changed after its commit: it says "
          + m.records() + " records, the metadata store recorded " + records, m);
    }
    String fingerprint = a.stringProperty(MetadataKeys.FINGERPRINT);
    if (fingerprint != null && !fingerprint.equals(m.fingerprint())) {
      return new Finding(Integrity.Status.DAMAGED, file + " was changed after its commit: its fingerprint is not the one recorded", m);
    }
    Integrity files = content ? artifacts.verifyContent(m) : artifacts.checkIntact(m);
    return new Finding(files.status(), files.reason(), m);
  }

  /** Marks {@code a} damaged with {@code reason}: the planner recomputes it from now on. */
  public static void markDamaged(MetadataStore store, Artifact a, String reason) {
    Map<String, Object> props = new HashMap<>(a.properties());
    props.put(MetadataKeys.DAMAGED, reason);
    store.putArtifact(new Artifact(a.id(), a.type(), a.uri(), a.name(), a.state(), props, a.createTimeMillis()));
  }

  /** Removes a damage mark from {@code a} (its files were found intact again). */
  public static void clearDamaged(MetadataStore store, Artifact a) {
    Map<String, Object> props = new HashMap<>(a.properties());
    if (props.remove(MetadataKeys.DAMAGED) != null) {
      store.putArtifact(new Artifact(a.id(), a.type(), a.uri(), a.name(), a.state(), props, a.createTimeMillis()));
    }
  }

  /**
   * After a stage failed: which of the stored artifacts it read is damaged, checked file by file
   * (sha256). Each damaged one is marked, so the next run recomputes it instead of failing on it
   * again; the first is described naming its file and the step and port that produced it.
   *
   * @return a one-line description of the first damaged input, or empty when all are intact
   */
  public static Optional<String> damagedInputs(MetadataStore store, ArtifactStore artifacts, Collection<Long> artifactIds) {
    String first = null;
    for (long id : artifactIds) {
      Artifact a = store.artifact(id).orElse(null);
      if (a == null) {
        continue;
      }
      Finding f = verify(a, artifacts);
      if (f.isIntact()) {
        continue;
      }
      markDamaged(store, a, f.reason());
      if (first == null) {
        String producer = f.manifest() == null ? a.name()
            : "output '" + f.manifest().producer().port() + "' of step '" + f.manifest().producer().step() + "'";
        first = "an input is damaged: " + f.reason() + " (" + producer + ", artifact #" + a.id()
            + "); it is marked damaged and the next run recomputes it";
      }
    }
    return Optional.ofNullable(first);
  }
}
