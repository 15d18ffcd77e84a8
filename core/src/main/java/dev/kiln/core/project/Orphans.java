package dev.kiln.core.project;

import dev.kiln.core.artifact.ArtifactFolders;
import dev.kiln.core.artifact.ArtifactStore;
import dev.kiln.core.plan.PlannedOutputs;
import dev.kiln.metadata.Artifact;
import dev.kiln.metadata.Execution;
import dev.kiln.metadata.MetadataStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Artifact folders that nothing needs: folders without a manifest (what a killed or failed run was
 * writing) and committed folders that no artifact record names (no execution references them).
 *
 * <p>Never an orphan: a folder a registered artifact names (every COMPLETE or CACHED execution
 * references its outputs through one), a folder a RUNNING execution planned to write (run
 * {@code RunRecovery} first, so that only live processes' executions are still RUNNING), and a
 * folder with a file younger than {@code minAge} — it may belong to a run that started after the
 * store was read. The folders are listed before the store is read, and a run records its execution
 * before it writes a file, so a folder seen here always has its execution in what is read next.
 */
public final class Orphans {
  private Orphans() {}

  /** A folder nothing needs, and why. {@code recent} ones are reported but must not be removed yet. */
  public record Orphan(ArtifactFolders.Folder folder, String why, boolean recent) {}

  public static List<Orphan> find(MetadataStore store, ArtifactStore artifacts, Duration minAge) {
    List<ArtifactFolders.Folder> folders = ArtifactFolders.of(artifacts).list(); // first: see the class comment
    long now = System.currentTimeMillis();
    Set<String> inUse = new HashSet<>();
    for (Execution e : store.executionsInState(Execution.State.RUNNING)) {
      inUse.addAll(PlannedOutputs.of(e).values());
    }
    for (Artifact a : store.newestArtifacts(Integer.MAX_VALUE)) {
      inUse.add(a.uri());
    }
    List<Orphan> out = new ArrayList<>();
    for (ArtifactFolders.Folder f : folders) {
      if (inUse.contains(f.uri())) {
        continue;
      }
      String why = f.committed() ? "committed, but no execution references it" : "no manifest: left by a killed or failed run";
      out.add(new Orphan(f, why, now - f.newestMillis() < minAge.toMillis()));
    }
    return out;
  }
}
